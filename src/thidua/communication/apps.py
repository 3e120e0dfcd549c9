from django.apps import AppConfig


class CommunicationConfig(AppConfig):
    name = "thidua.communication"
    verbose_name = "Truyền thông: gương điển hình, tin tức, gửi văn bản"
