export {
  type FeedbackContext,
  type FeedbackInput,
  FeedbackInputSchema,
  type FeedbackOptions,
  FeedbackOptionsSchema,
  type FeedbackSettings,
  type FeedbackState,
  feedbackState,
  submitFeedback,
} from './feedback.ts'
