"""The from-scratch NumPy 2→3→1 network (ReLU hidden, sigmoid output, MSE, one SGD step with lr 0.1) in PyTorch.

The material's PyTorch version builds nn.Linear layers and trains them, but does not print the NumPy numbers:
nn.Linear draws its own weights (Kaiming-uniform) and non-zero biases. What reproduces them is to copy NumPy's
np.random.seed(42) weights into the layers and zero the biases — as configs/numpy-2-3-1.yaml does for nn-lab:

    python3 examples/numpy-2-3-1-torch.py
    nn-lab trace configs/numpy-2-3-1.yaml        # the same loss 0.245628 and gradients
"""
import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
x = torch.tensor([[1.0, 0.5]])
y = torch.tensor([[1.0]])


def network():
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())


def step(model):
    """One forward/backward pass and SGD step; the loss and the first layer's weight gradient."""
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    grad = model[0].weight.grad.clone()
    torch.optim.SGD(model.parameters(), lr=0.1).step()
    return loss.item(), grad


# As the material writes it: PyTorch's own initial weights and biases — not NumPy's numbers.
torch.manual_seed(0)
loss, _ = step(network())
print(f"nn.Linear's own init:      loss {loss:.6f}")

# What reproduces NumPy: its seed-42 weights, biases 0.
np.random.seed(42)
W1 = np.random.randn(3, 2) * 0.1
W2 = np.random.randn(1, 3) * 0.1
model = network()
with torch.no_grad():
    model[0].weight.copy_(torch.from_numpy(W1))
    model[2].weight.copy_(torch.from_numpy(W2))
    model[0].bias.zero_()
    model[2].bias.zero_()
loss, grad = step(model)
print(f"NumPy's weights, biases 0: loss {loss:.6f} (NumPy prints 0.2456276130922733)")
print("dL/dW1 =", np.array2string(grad.numpy(), precision=6, separator=", ").replace("\n", ""))
