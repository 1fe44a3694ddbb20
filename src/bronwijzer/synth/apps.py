from django.apps import AppConfig


class SynthConfig(AppConfig):
    """No models: only the ``synthmap`` command."""

    name = "bronwijzer.synth"
    label = "synth"
    verbose_name = "Synthetische kaarten"
