"""The from-scratch 2→3 (ReLU)→1 (sigmoid) network with MSE, one SGD step (lr 0.1), in NumPy by hand and in
PyTorch autograd, from np.random.seed(42) weights. Prints one JSON document for test/cli/trace.test.ts."""
import json

import numpy as np
import torch

np.random.seed(42)
W1 = np.random.randn(3, 2) * 0.1
W2 = np.random.randn(1, 3) * 0.1
x = np.array([1.0, 0.5])
y = 1.0

# NumPy, by hand
z1 = W1 @ x
a1 = np.maximum(0, z1)
z2 = W2 @ a1
a2 = 1 / (1 + np.exp(-z2))
loss = np.mean((a2 - y) ** 2)
dz2 = 2 * (a2 - y) * a2 * (1 - a2)
dW2 = np.outer(dz2, a1)
dz1 = (W2.T @ dz2) * (z1 > 0)
dW1 = np.outer(dz1, x)

# PyTorch autograd, float64
t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in {"W1": W1, "W2": W2}.items()}
b1 = torch.zeros(3, dtype=torch.float64, requires_grad=True)
b2 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
xt = torch.tensor(x.reshape(1, 2), dtype=torch.float64)
out = torch.sigmoid(torch.relu(xt @ t["W1"].T + b1) @ t["W2"].T + b2)
tloss = torch.nn.functional.mse_loss(out, torch.tensor([[y]], dtype=torch.float64))
tloss.backward()
opt = torch.optim.SGD([t["W1"], b1, t["W2"], b2], lr=0.1)
opt.step()

print(json.dumps({
    "W1": W1.tolist(), "W2": W2.tolist(),
    "numpy": {"loss": float(loss), "dW1": dW1.tolist(), "dW2": dW2.tolist(), "db2": dz2.tolist(), "db1": dz1.tolist()},
    "torch": {
        "loss": tloss.item(),
        "dW1": t["W1"].grad.tolist(), "dW2": t["W2"].grad.tolist(), "db1": b1.grad.tolist(), "db2": b2.grad.tolist(),
        "W1": t["W1"].detach().tolist(), "W2": t["W2"].detach().tolist(), "b1": b1.detach().tolist(), "b2": b2.detach().tolist(),
    },
}))
