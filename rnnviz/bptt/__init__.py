"""Backpropagation through time: dL/dh_t at every state, by autograd (the reference) and by hand."""

from rnnviz.bptt.core import Gradients, GradNote, RecursionStep, bptt, last_step_loss, scaled_copy

__all__ = ["GradNote", "Gradients", "RecursionStep", "bptt", "last_step_loss", "scaled_copy"]
