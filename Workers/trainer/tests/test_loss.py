"""The loss against the numpy reference the Swift loss is tested with (Tests/TrainingTests/Fixtures/loss_reference.json)."""
import json
import os

import torch

from m3clip_trainer.loss import info_nce_loss, label_matrices, semantic_matching_loss, soft_targets

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "Tests", "TrainingTests", "Fixtures", "loss_reference.json")


def tensor(entry):
    return torch.tensor(entry["data"], dtype=torch.float64).reshape(entry["shape"])


def relative(a, b):
    return float((a - b).abs().max() / b.abs().max().clamp_min(1e-12))


def test_semantic_matching_and_infonce_match_the_reference_values_and_gradients():
    with open(FIXTURE) as f:
        reference = json.load(f)
    inputs = {k: tensor(v) for k, v in reference["inputs"].items()}
    checked = 0
    for case in reference["cases"]:
        image = inputs["image"].clone().requires_grad_(True)
        text = inputs["text"][: case["textCount"]].clone().requires_grad_(True)
        scale = inputs["scale"].clone().reshape(1).requires_grad_(True)
        if case["objective"].lower() == "infonce":
            loss = info_nce_loss(image, text, scale)
        else:
            image_labels = inputs[case["imageLabels"]]
            text_labels = inputs["textLabels"][: case["textCount"]]
            to_text, to_image = soft_targets(image_labels, text_labels, case["labelTemperature"])
            assert relative(to_text.double(), tensor(case["imageToText"])) < 1e-5
            assert relative(to_image.double(), tensor(case["textToImage"])) < 1e-5
            loss = semantic_matching_loss(image, text, scale, image_labels, text_labels, case["labelTemperature"])
        loss.backward()
        assert abs(loss.item() - case["loss"]) <= 1e-5 * abs(case["loss"]), case["name"]
        assert relative(image.grad, tensor(case["gradImage"])) < 1e-4, case["name"]
        assert relative(text.grad, tensor(case["gradText"])) < 1e-4, case["name"]
        assert abs(scale.grad.item() - tensor(case["gradScale"]).item()) <= 1e-4 * max(1e-6, abs(tensor(case["gradScale"]).item())), case["name"]
        checked += 1
    assert checked == len(reference["cases"]) >= 4


def test_items_awaiting_labels_get_their_own_study_channel():
    image_labels = torch.tensor([[1.0] + [0.0] * 27, [0.0] * 28, [0.0] * 28])
    image_awaiting = torch.tensor([False, True, True])
    image_study = torch.tensor([4, 9, 7])
    text_labels = torch.tensor([[1.0] + [0.0] * 27, [5.0] * 28])
    text_awaiting = torch.tensor([False, True])
    text_study = torch.tensor([4, 9])
    images, texts = label_matrices(image_labels, image_awaiting, image_study, text_labels, text_awaiting, text_study)
    assert images.shape == (3, 30) and texts.shape == (2, 30)
    # Studies 7 and 9 await labels: channels 28 (study 7) and 29 (study 9); CheXpert channels cleared.
    assert images[1].tolist() == [0.0] * 29 + [1.0]
    assert images[2].tolist() == [0.0] * 28 + [1.0, 0.0]
    assert texts[1].tolist() == [0.0] * 29 + [1.0]
    assert texts[0, 0] == 1 and texts[0, 28:].sum() == 0
