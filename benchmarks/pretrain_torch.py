#!/usr/bin/env python3
"""The pendulum's reference GMC model trained in PyTorch, for a same-minute comparison with `bench pretrain`.

Run with Debian's python3-torch (PyTorch 1.13; `apt-get install python3-torch`; Debian's own /usr/bin/python3, as a
pyenv python does not see it), never a dependency of GmcRL:

    /usr/bin/python3 benchmarks/pretrain_torch.py [--threads 2] [--steps 60] [--precision float32|bfloat16] [--json]

The model is GmcRL's `GmcModelOptions.Reference` on the multimodal pendulum (docs/method.md section 2): per modality a
base encoder (image: Conv2d(2->32, 4, 2, 1, no bias), SiLU, Conv2d(32->64, 4, 2, 1, no bias), SiLU, flatten,
Linear(14400->64); sound [2 frames, 3 receivers, 2]: flatten, Linear(12->50), SiLU, Linear(50->50), SiLU,
Linear(50->64)), the joint encoder (its own trunks, concatenated, Linear(14450->64)), the shared head (Linear(64->128),
SiLU, Linear(128->10), L2-normalised), and GMC's loss at temperature 0.3 over [z(1:M); z(m)] for each modality, Adam at
1e-3, batch 128: 1,933,386 parameters, as GmcRL's. The data are random binary images and uniform sounds (the speed
does not depend on them). `--precision bfloat16` runs the forward pass under torch.autocast("cpu", bfloat16).
"""
import argparse
import json
import os
import time

import torch
from torch import nn
import torch.nn.functional as F


class ConvTrunk(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 32, 4, 2, 1, bias=False)
        self.conv2 = nn.Conv2d(32, 64, 4, 2, 1, bias=False)

    def forward(self, x):
        return F.silu(self.conv2(F.silu(self.conv1(x)))).flatten(1)


class MlpTrunk(nn.Module):
    def __init__(self, inputs):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(inputs, 50), nn.Linear(50, 50)])

    def forward(self, x):
        x = x.flatten(1)
        for layer in self.layers:
            x = F.silu(layer(x))
        return x


class Gmc(nn.Module):
    def __init__(self):
        super().__init__()
        self.image = nn.Sequential(ConvTrunk(), nn.Linear(14400, 64))
        self.sound = nn.Sequential(MlpTrunk(12), nn.Linear(50, 64))
        self.joint_image = ConvTrunk()
        self.joint_sound = MlpTrunk(12)
        self.joint = nn.Linear(14400 + 50, 64)
        self.head = nn.Sequential(nn.Linear(64, 128), nn.SiLU(), nn.Linear(128, 10))

    def project(self, h):
        return F.normalize(self.head(h), dim=1)

    def forward(self, image, sound):
        complete = self.project(self.joint(torch.cat([self.joint_image(image), self.joint_sound(sound)], 1)))
        return complete, [self.project(self.image(image)), self.project(self.sound(sound))]


def gmc_loss(complete, singles, temperature=0.3):
    batch = complete.shape[0]
    diagonal = torch.eye(2 * batch, dtype=torch.bool)
    total = 0
    for single in singles:
        z = torch.cat([complete, single], 0)
        logits = (z @ z.t() / temperature).masked_fill(diagonal, float("-inf"))
        positive = (complete * single).sum(1) / temperature
        total = total + logits.logsumexp(1) - torch.cat([positive, positive], 0)
    return total.mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--precision", choices=["float32", "bfloat16"], default="float32")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Gmc()
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = (torch.rand(2_000, 2, 60, 60) > 0.97).float()
    sounds = torch.rand(2_000, 2, 3, 2)

    def step():
        index = torch.randint(0, images.shape[0], (args.batch,))
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bfloat16"):
            complete, singles = model(images[index], sounds[index])
        loss = gmc_loss(complete.float(), [s.float() for s in singles])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(3):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    result = {
        "benchmark": "pretrain_torch",
        "torch": torch.__version__,
        "precision": args.precision,
        "threads": args.threads,
        "batch": args.batch,
        "steps": args.steps,
        "parameters": parameters,
        "samples_per_second": args.steps * args.batch / seconds,
        "load_average": open("/proc/loadavg").read().strip() if os.path.exists("/proc/loadavg") else None,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"PyTorch {result['torch']} pretrain: pendulum reference model ({parameters:,} parameters), {args.precision}, "
              f"{args.threads} thread(s), load average {result['load_average']}")
        print(f"  training {result['samples_per_second']:10.0f} samples/s   (batch {args.batch}, {args.steps} timed steps)")


if __name__ == "__main__":
    main()
