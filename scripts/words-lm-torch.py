#!/usr/bin/python3
"""The words-lm example (configs/words-lm.yaml) in PyTorch, to compare dev perplexity.

Same data (/usr/share/dict/words, Debian wamerican), same split sizes (5% dev, 5% test, random with seed 3), same
model (embedding 32, LSTM 128, softmax over the characters plus <EOS> and <UNK>), same training (3 epochs, batches
of 64, Adam 0.005, gradient norm clipped at 5), same per-token loss: every sequence reads <EOS> then its characters
and predicts its characters then <EOS>, padded steps masked. Prints dev loss (nats per character) and perplexity
per epoch, as `dl train` does.

    apt-get install -y python3-torch wamerican
    /usr/bin/python3 scripts/words-lm-torch.py
"""
import math
import random
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(3)
random.seed(3)
words = [w for w in open('/usr/share/dict/words', encoding='utf-8').read().split('\n') if w.strip()]
random.shuffle(words)
n = len(words)
nd = int(0.05 * n)
dev, test, train = words[:nd], words[nd:2 * nd], words[2 * nd:]
chars = sorted(set(''.join(train)))
stoi = {c: i + 2 for i, c in enumerate(chars)}  # 0 <EOS>, 1 <UNK>
V = len(chars) + 2


def encode(w):
    return [stoi.get(c, 1) for c in w]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, 32)
        self.lstm = nn.LSTM(32, 128, batch_first=True)
        self.out = nn.Linear(128, V)

    def forward(self, x):
        return self.out(self.lstm(self.embedding(x))[0])


model = Model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)


def batch(ws):
    seqs = [encode(w) for w in ws]
    t = max(len(s) for s in seqs) + 1
    x = torch.zeros(len(ws), t, dtype=torch.long)
    y = torch.zeros(len(ws), t, dtype=torch.long)
    mask = torch.zeros(len(ws), t)
    for i, s in enumerate(seqs):
        x[i, 1:len(s) + 1] = torch.tensor(s, dtype=torch.long)
        y[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, :len(s) + 1] = 1
    return x, y, mask


def summed_loss(ws):
    x, y, mask = batch(ws)
    logits = model(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, V), y.reshape(-1), reduction='none').reshape(y.shape)
    return (loss * mask).sum(), mask.sum()


for epoch in range(3):
    start = time.time()
    random.shuffle(train)
    for b in range(0, len(train), 64):
        total, count = summed_loss(train[b:b + 64])
        optimizer.zero_grad()
        (total / count).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
    with torch.no_grad():
        total = count = 0
        for b in range(0, len(dev), 512):
            t, c = summed_loss(dev[b:b + 512])
            total += t.item()
            count += c.item()
    print(f"epoch {epoch + 1} dev loss {total / count:.4f} perplexity {math.exp(total / count):.3f} {time.time() - start:.0f}s",
          flush=True)
