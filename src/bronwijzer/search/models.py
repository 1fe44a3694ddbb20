"""What the search keeps for editors: zero-result queries, counted per day, nothing about the visitor."""

from __future__ import annotations

from django.db import models


class ZeroResultQuery(models.Model):
    query = models.CharField("zoekvraag", max_length=200)
    day = models.DateField("dag", db_index=True)  # the 90-day purge deletes by day
    count = models.PositiveIntegerField("aantal keer", default=0)

    class Meta:
        verbose_name = "zoekvraag zonder resultaat"
        verbose_name_plural = "zoekvragen zonder resultaat"
        ordering = ["-day", "-count", "query"]
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="zero_result_query_per_day")]

    def __str__(self) -> str:
        return f"{self.query} ({self.day}: {self.count}×)"
