"""Evaluation: question sets, pure metrics, a runner, baselines and benchmarks."""
