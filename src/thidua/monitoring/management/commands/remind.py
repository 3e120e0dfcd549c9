"""`thidua remind`: one round of the reminder rules by hand (the task queue's schedule runs the
same every 5 minutes). Safe to run while a worker runs: each reminder is sent once."""

from django.core.management.base import BaseCommand

from thidua.monitoring.services import reminders_run


class Command(BaseCommand):
    help = "Gửi các nhắc nhở đến hạn theo quy tắc nhắc của các phong trào (mỗi lần nhắc một lần)."

    def handle(self, *args, **opts):
        sent = reminders_run()
        self.stdout.write(f"Đã gửi {sent} nhắc nhở." if sent else "Không có nhắc nhở nào đến hạn.")
