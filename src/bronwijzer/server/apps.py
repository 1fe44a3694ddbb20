from django.apps import AppConfig


class ServerConfig(AppConfig):
    """No models: only the ``serve`` and ``migrate`` commands."""

    name = "bronwijzer.server"
    label = "server"
    verbose_name = "Server"
