"""HTTP and WebSocket only: routes, request/response schemas, auth dependencies."""
