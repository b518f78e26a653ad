"""Verification job modules; each imports its framework inside the job function (subprocess side)."""
