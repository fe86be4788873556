/** The shop's home page: a way to the tracking page for customers without their link. */
export default function Home() {
  return (
    <main>
      <h1>Lumen Goods</h1>
      <p>Thank you for shopping with us.</p>
      <p>
        Your order confirmation has a link to follow your parcel. Lost it?{' '}
        {/* A plain link: /track is a route handler, not a page that next/link could prefetch. */}
        <a href="/track">Find your order</a> with its number and your e-mail address.
      </p>
    </main>
  )
}
