"""Understanding and answering through any OpenAI-compatible model, with the rules as fallback."""
