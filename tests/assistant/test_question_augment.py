"""The question model's training copies change the surface of a question, never what it asks."""

from __future__ import annotations

import random

from assistant.question_augment import casual, respelled


def test_a_casual_copy_is_lower_case_without_sentence_punctuation_and_keeps_its_words() -> None:
    copy = casual("Is PyTorch NOT lighter than TensorFlow, on disk?", random.Random(1))
    assert copy == "is pytorch not lighter than tensorflow on disk"


def test_a_respelled_copy_renames_only_the_frameworks_themselves() -> None:
    text = "Does PyTorch import faster than TensorFlow? Not TensorFlow Lite or TF.js, and not torch.compile."
    for seed in range(5):
        copy = respelled(text, random.Random(seed))
        assert "TensorFlow Lite" in copy and "TF.js" in copy and "torch.compile" in copy
        assert copy.split()[1] in {"pytorch", "Pytorch", "torch"}
        assert copy.split()[5].rstrip("?") in {"tensorflow", "Tensorflow", "TF", "tf"}
