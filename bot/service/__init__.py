"""The application service: the mediation service adapters call, the one journaling pipeline
every change goes through (queue, batch write, case cache, retries), the queries, and what
adapters hand the service and get back (`exchange.py`)."""
