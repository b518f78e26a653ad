"""Measured evidence for article claims: small PyTorch/TensorFlow jobs run in subprocesses.

Importing this package (or its rules, registry, runner, store and service modules) never imports
torch or TensorFlow; job modules import their framework inside the job function, in a worker
subprocess. Entry points: :func:`evaluators.service.build_evaluation_service`,
:func:`knowledge.hypotheses.is_testable` (the hypothesis table, shared with the extractor),
:func:`evaluators.catalog.default_registry`.
"""
