"""What the reporting cycle announces; notifications (and anything else) listen here."""

from django.dispatch import Signal

period_opened = Signal()  # sender=ReportingPeriod, actor
assignment_returned = Signal()  # sender=Assignment, actor, message
assignment_submitted = Signal()  # sender=Assignment, actor
release_published = Signal()  # sender=Release, actor
