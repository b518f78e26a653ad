"""Job: hyper-parameter search in reach of each framework, and its quality at an equal budget.

"TensorFlow has a strong lead" in AutoML would need PyTorch users to lack an equivalent. The job
records where each tuner comes from (Keras Tuner for TensorFlow, Optuna for PyTorch: inside the
framework's own package or one ``pip install`` away), then runs the same random search with both:
same search space (hidden units x learning rate), same trial budget, same data and validation split,
same initialisation scheme (Glorot uniform, zero bias), once per search seed. Each framework runs in
its own process.
"""

from __future__ import annotations

import importlib.metadata
import time
from typing import Any

import numpy as np

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import missing_module, records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.observations import Observation, check_side, observation, score_side, unavailable, value_side

DECLARATION = JobDeclaration(
    job_id="automl-tuners",
    title="Keras Tuner vs Optuna: availability and search quality at an equal budget",
    frameworks=("pytorch", "tensorflow"),
    sides=(
        SideDeclaration("tensorflow", "tensorflow", tool="Keras Tuner"),
        SideDeclaration("pytorch", "pytorch", tool="Optuna"),
    ),
    properties=(
        PropertyDeclaration(
            "automl-tuning",
            (
                "AutoML",
                "hyperparameter tuning",
                "automated hyperparameter search",
                "Keras Tuner",
                "Optuna",
            ),
            cues=("automl", "keras tuner", "optuna", "hyperparameter", "hyperparameters", "tuner"),
        ),
    ),
    metrics=(
        MetricDeclaration("tuner_available", "check", "install", "automl-tuning"),
        MetricDeclaration(
            "tuned_validation_loss",
            "score",
            "loss",
            "automl-tuning",
            better="lower",
            cues=("validation loss", "as good", "better model", "results", "search quality"),
        ),
        MetricDeclaration(
            "trials_completed", "value", "trials", "automl-tuning", better="higher", cues=("trial", "trials")
        ),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

TRIALS, EPOCHS, SAMPLES, FEATURES, BATCH = 3, 4, 512, 8, 32
SEEDS = (0, 1, 2)
UNITS, LEARNING_RATES = (4, 16, 64), (1e-3, 1e-2, 1e-1)
TUNERS = {  # side: (tuner module, its framework's distribution, how the search runs)
    "tensorflow": ("keras_tuner", "tensorflow", "keras_tuner_part"),
    "pytorch": ("optuna", "torch", "optuna_part"),
}


def synthetic_data(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A noisy binary task (the label is the sign of two features plus noise): train and validation splits."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((SAMPLES, FEATURES), dtype=np.float32)
    y = (x[:, 0] + x[:, 1] + 0.7 * rng.standard_normal(SAMPLES) > 0).astype(np.float32)
    split = SAMPLES * 3 // 4
    return x[:split], y[:split], x[split:], y[split:]


def keras_tuner_part(context: JobContext) -> dict[str, Any]:
    import keras
    import keras_tuner

    context.pin_tf()
    x, y, x_val, y_val = synthetic_data(context.seed)

    def build(hp: Any) -> Any:
        model = keras.Sequential(
            [keras.Input((FEATURES,)), keras.layers.Dense(hp.Choice("units", UNITS), "relu"), keras.layers.Dense(1)]
        )
        model.compile(
            optimizer=keras.optimizers.Adam(hp.Choice("lr", LEARNING_RATES)),
            loss=keras.losses.BinaryCrossentropy(from_logits=True),
            jit_compile=False,  # an XLA compile per trial would dominate a search this small
        )
        return model

    searches = []
    for seed in SEEDS:
        keras.utils.set_random_seed(seed)
        tuner = keras_tuner.RandomSearch(
            build,
            objective="val_loss",
            max_trials=TRIALS,
            seed=seed,
            directory=str(context.work_path / "kt"),
            project_name=f"seed{seed}",
            overwrite=True,
        )
        start = time.perf_counter()
        tuner.search(x, y, epochs=EPOCHS, batch_size=BATCH, shuffle=False, validation_data=(x_val, y_val), verbose=0)
        best = tuner.oracle.get_best_trials(1)[0]
        completed = sum(t.status == "COMPLETED" for t in tuner.oracle.trials.values())
        searches.append(
            {
                "seed": seed,
                "best_val_loss": float(best.score),
                "trials": completed,
                "seconds": time.perf_counter() - start,
                "best": best.hyperparameters.values,
            }
        )
    return {"searches": searches, "version": keras_tuner.__version__}


def optuna_part(context: JobContext) -> dict[str, Any]:
    import optuna
    import torch

    context.pin_torch()
    x_np, y_np, xv_np, yv_np = synthetic_data(context.seed)
    x, y, x_val, y_val = (torch.from_numpy(a) for a in (x_np, y_np, xv_np, yv_np))

    def objective(trial: Any) -> float:
        units, lr = trial.suggest_categorical("units", UNITS), trial.suggest_categorical("lr", LEARNING_RATES)
        hidden, output = torch.nn.Linear(FEATURES, units), torch.nn.Linear(units, 1)
        for layer in (hidden, output):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
        model = torch.nn.Sequential(hidden, torch.nn.ReLU(), output)
        optimizer, best = torch.optim.Adam(model.parameters(), lr=lr), float("inf")
        loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
        for _ in range(EPOCHS):
            for i in range(0, len(x), BATCH):
                optimizer.zero_grad()
                loss_fn(model(x[i : i + BATCH]).squeeze(1), y[i : i + BATCH]).backward()
                optimizer.step()
            with torch.no_grad():
                best = min(best, float(loss_fn(model(x_val).squeeze(1), y_val)))
        return best  # the best epoch, as Keras Tuner scores a trial

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    searches = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=seed))
        start = time.perf_counter()
        study.optimize(objective, n_trials=TRIALS)
        completed = sum(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials)
        searches.append(
            {
                "seed": seed,
                "best_val_loss": study.best_value,
                "trials": completed,
                "seconds": time.perf_counter() - start,
                "best": study.best_params,
            }
        )
    return {"searches": searches, "version": optuna.__version__}


def origin(module: str, framework: str) -> tuple[bool, str]:
    """Is the tuner importable, and does it ship in the framework's package or in its own distribution?"""
    if missing_module(module):
        return False, f"{module} is not installed; it is not part of the {framework} package"
    distributions = importlib.metadata.packages_distributions().get(module, [])
    name = distributions[0] if distributions else module
    version = importlib.metadata.version(name) if distributions else "unknown version"
    where = (
        "inside the framework's own package" if name == framework else f"one `pip install {name}` beside {framework}"
    )
    return True, f"{module} {version} from the distribution {name}: {where}"


def build_observations(searches: dict[str, Any]) -> list[Observation]:
    available, scores, trials = {}, {}, {}
    for side, (module, framework, _) in TUNERS.items():
        if missing_module(framework):
            available[side] = unavailable(f"{framework} is not installed in this Python")
        else:
            available[side] = check_side(*origin(module, framework))
        result = searches.get(side)
        if isinstance(result, dict) and "searches" in result:
            scores[side] = score_side([s["best_val_loss"] for s in result["searches"]])
            trials[side] = value_side(sum(s["trials"] for s in result["searches"]))
        else:
            scores[side] = trials[side] = unavailable(str(result or f"{module} is not installed"))
    budget = f"{TRIALS} trials x {len(SEEDS)} seeds"
    return [
        observation(
            "tuner_available", "a hyper-parameter tuner in reach of the framework", "check", "install", available
        ),
        observation(
            "tuned_validation_loss",
            f"the best validation loss of a random search ({budget}, same space and data)",
            "score",
            "loss",
            scores,
            better="lower",
        ),
        observation(
            "trials_completed",
            f"search trials completed of a budget of {TRIALS * len(SEEDS)}",
            "value",
            "trials",
            trials,
            better="higher",
        ),
    ]


@records_load
def run(context: JobContext) -> JobResult:
    searches: dict[str, Any] = {}
    for side, (module, framework, part) in TUNERS.items():
        missing = missing_module(framework) or missing_module(module)
        searches[side] = missing or context.run_part(f"{__name__}:{part}")
    observations = build_observations(searches)
    scores = observations[1]["sides"]
    summary = ", ".join(
        f"{side} median best validation loss {s['value']:.3f}" if "value" in s else f"{side} unavailable"
        for side, s in scores.items()
    )
    return JobResult(
        observations=observations,
        rationale=(
            f"Keras Tuner (TensorFlow) and Optuna (PyTorch) each ran a random search over {len(UNITS)} hidden "
            f"sizes x {len(LEARNING_RATES)} learning rates, {TRIALS} trials of {EPOCHS} epochs per search, for "
            f"{len(SEEDS)} search seeds on the same data and validation split: {summary}; "
            + "; ".join(f"{side}: {s['detail']}" for side, s in observations[0]["sides"].items() if "detail" in s)
            + "."
        ),
        metrics={"searches": searches, "trials_per_search": TRIALS, "seeds": list(SEEDS), "epochs": EPOCHS},
        key_figure=summary,
    )
