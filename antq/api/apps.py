from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "antq.api"
    label = "api"
