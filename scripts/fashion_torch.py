#!/usr/bin/python3
"""The PyTorch peer of scripts/bench: the models of configs/bench-mlp.yaml and configs/bench-cnn.yaml,
trained on Fashion-MNIST with the same batches, initialization and optimizer, timed per epoch.

    apt-get install python3-torch python3-numpy dataset-fashion-mnist   # torch 1.13 on Debian 12
    apt-get install libopenblas0-openmp   # else Debian's torch calls the reference BLAS; run with
                                          # LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
    /usr/bin/python3 scripts/fashion_torch.py --model mlp --epochs 3 --threads 2

Use the system python (/usr/bin/python3): it is the one that sees Debian's torch.

Models (as dl builds them from the bench configs):
  mlp  784-256 relu-128 relu-10, softmax cross-entropy
  cnn  conv 5x5x20 (valid, stride 1, no activation) -> maxpool 2 -> conv 5x5x50 -> maxpool 2
       -> dense 500 relu -> 10
He-normal initialization (std sqrt(2 / fan_in)) of every weight, biases 0; Adam 1e-3 (0.9, 0.999, 1e-8);
batches of 128 (the last one 96) from a fresh permutation of the 60,000 training images each epoch;
pixels / 255 as float32. An epoch's time is its batch loop: gather, forward, backward, step.
Lines starting with RESULT are read by scripts/bench:
  RESULT <model> epoch <k> time <seconds> s ...
  RESULT <model> testAcc <accuracy> ... maxrss <MiB> MiB
"""
import argparse
import gzip
import os
import resource
import struct
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, magic_expected):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        if magic != magic_expected:
            raise SystemExit(f"{path}: not an IDX file of this kind (magic {magic:#x})")
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    return data.reshape(dims[0], -1) if len(dims) > 1 else data


def load(folder, part):
    x = read_idx(os.path.join(folder, f"{part}-images-idx3-ubyte.gz"), 0x803).astype(np.float32) / 255.0
    y = read_idx(os.path.join(folder, f"{part}-labels-idx1-ubyte.gz"), 0x801).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def model(kind):
    if kind == "mlp":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        net = nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 20, 5), nn.MaxPool2d(2),
            nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return net


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    print(f"torch {torch.__version__} threads={torch.get_num_threads()} "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}", flush=True)
    start = time.perf_counter()
    x, y = load(a.data, "train")
    x_test, y_test = load(a.data, "t10k")

    net = model(a.model)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(a.seed)
    net.train()
    for epoch in range(1, a.epochs + 1):
        t = time.perf_counter()
        order = torch.randperm(x.shape[0], generator=shuffle)
        batches = 0
        for s in range(0, x.shape[0], a.batch):
            idx = order[s:s + a.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            batches += 1
        print(f"RESULT {a.model} epoch {epoch} time {time.perf_counter() - t:.3f} s "
              f"({batches} batches) loss {loss.item():.4f}", flush=True)

    net.eval()
    with torch.no_grad():
        correct = sum((net(x_test[s:s + 1000]).argmax(1) == y_test[s:s + 1000]).sum().item()
                      for s in range(0, x_test.shape[0], 1000))
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {a.model} testAcc {correct / x_test.shape[0]:.4f} total {time.perf_counter() - start:.2f} s "
          f"maxrss {rss_mib:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
