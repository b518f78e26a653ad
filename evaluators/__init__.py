"""Measured evidence for article claims: small PyTorch/TensorFlow jobs run in subprocesses.

Importing this package (or its rules, registry, runner, store and service modules) never imports
torch or TensorFlow; job modules import their framework inside the job function, in a worker
subprocess. Entry points: :func:`evaluators.service.build_evaluation_service`,
:func:`evaluators.catalog.default_registry` (jobs collected from their modules' declarations),
:class:`evaluators.linking.ClaimLinker` (claims linked to jobs by meaning) and
:class:`evaluators.judgements.StoredObservationJudge` (new links judged on stored observations).
"""
