"""The case language: its vocabulary, the case model, reading text into the model, meaning checks, printing."""
