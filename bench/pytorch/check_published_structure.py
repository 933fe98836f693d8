#!/usr/bin/python3
"""Checks that pnn_reference.py's two Fashion-MNIST implementations compute the same thing: FmnistNet (this file's
fast one) and PublishedFmnistNet (the published example's code structure, the `pytorch-pub` row of ./pnn4j bench).
Built from the same seed they hold the same parameters and devices and draw the same noise, so on one PAT step their
logits and gradients must agree to float rounding. Exits 1 with the differences when they do not. CI runs it."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pnn_reference as ref  # noqa: E402

torch.manual_seed(3)
x = torch.rand(8, 784)
y = torch.randint(0, 10, (8,))
results = {}
for style in ("ours", "published"):
    net = ref.build("fmnist", 784, 10, 1610, torch.Generator().manual_seed(1), style)
    out = net(x)
    torch.nn.functional.cross_entropy(out, y).backward()
    results[style] = [out.detach()] + [p.grad.clone() for p in net.parameters()]

names = ["logits"] + [n for n, _ in ref.build("fmnist", 784, 10, 1610, torch.Generator().manual_seed(1)).named_parameters()]
worst = 0.0
for name, a, b in zip(names, results["ours"], results["published"]):
    rel = ((a - b).norm() / max(a.norm().item(), 1e-30)).item()
    worst = max(worst, rel)
    print("%-10s relative difference %.2e" % (name, rel))
if worst > 1e-5:
    print("FAIL: the published-structure implementation differs from pnn_reference's (worst %.2e > 1e-5)" % worst)
    sys.exit(1)
print("ok: both Fashion-MNIST implementations agree (worst relative difference %.2e)" % worst)
