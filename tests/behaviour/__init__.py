"""Behavioural tests: what a real trained model writes through the app's prompts."""
