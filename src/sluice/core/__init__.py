"""Business rules shared by the API, the CLI and the workers. Never imports FastAPI or Celery."""
