"""A conditional variational autoencoder of solutes, conditioned on the property and the solvent, for
designing in its latent space.

Gómez-Bombarelli et al. (ACS Cent. Sci. 2018) learn a continuous latent space of molecules and search it
for a property; Lim et al. (J. Cheminform. 2018) condition the VAE on the properties, so that a latent
point decoded under a target condition proposes molecules that have it. Here the condition is a pair's
measured target (standardized) and its solvent (an embedding per training solvent, slot 0 for any
other); molecules are SELFIES strings (design/smiles_rnn.py's Vocabulary), so a decoded point is a
molecule with correct valences (rarely an empty string or several fragments, which the oracle counts as
invalid). The encoder is a GRU over the tokens that gives q(z | x, c); the decoder a GRU whose
initial state and every input carry [z, c]. Trained on the ELBO with the KL weight annealed from 0 over
the first half of the epochs (Bowman et al. 2016), so the decoder cannot learn to ignore z at the start.
The file (`save_cvae`) holds the vocabulary, the solvents, the target's scaling, the sizes and weights.
"""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from molpair.chem.molecules import MoleculeError, canonical_smiles
from molpair.design.smiles_rnn import Vocabulary, writable
from molpair.io import atomic_path
from molpair.progress import progress

log = logging.getLogger(__name__)


class ConditionalVAE(nn.Module):
    """Token GRU encoder → q(z | x, c); [z, c] → token GRU decoder."""

    def __init__(
        self, vocabulary_size: int, n_solvents: int, embedding_dim: int = 64, hidden_dim: int = 256,
        latent_dim: int = 64, solvent_dim: int = 16,
    ):
        super().__init__()
        self.sizes = {
            "vocabulary_size": vocabulary_size, "n_solvents": n_solvents, "embedding_dim": embedding_dim,
            "hidden_dim": hidden_dim, "latent_dim": latent_dim, "solvent_dim": solvent_dim,
        }
        condition_dim = 1 + solvent_dim
        self.embedding = nn.Embedding(vocabulary_size, embedding_dim, padding_idx=0)
        self.solvent_embedding = nn.Embedding(n_solvents + 1, solvent_dim)  # 0: a solvent not in training
        self.encoder = nn.GRU(embedding_dim, hidden_dim, batch_first=True)
        self.posterior = nn.Linear(hidden_dim + condition_dim, 2 * latent_dim)
        self.initial_state = nn.Linear(latent_dim + condition_dim, hidden_dim)
        self.decoder = nn.GRU(embedding_dim + latent_dim + condition_dim, hidden_dim, batch_first=True)
        self.output = nn.Linear(hidden_dim, vocabulary_size)

    def condition(self, values: torch.Tensor, solvents: torch.Tensor) -> torch.Tensor:
        """(batch, 1 + solvent_dim): standardized target values and solvent indices, as the condition c."""
        return torch.cat([values.float().unsqueeze(1), self.solvent_embedding(solvents)], dim=1)

    def encode(self, tokens: torch.Tensor, condition: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and log-variance of q(z | x, c) for encoded strings (start, tokens, end, padding)."""
        lengths = (tokens != 0).sum(dim=1).cpu()
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True, enforce_sorted=False)
        _, hidden = self.encoder(packed)
        mean, log_var = self.posterior(torch.cat([hidden[-1], condition], dim=1)).chunk(2, dim=1)
        return mean, log_var

    def _step_inputs(self, tokens: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        embedded = self.embedding(tokens)
        return torch.cat([embedded, context.unsqueeze(1).expand(-1, embedded.size(1), -1)], dim=2)

    def decoder_logits(self, tokens: torch.Tensor, z: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        """Next-token logits for every position of `tokens` but the last (teacher forcing)."""
        context = torch.cat([z, condition], dim=1)
        hidden = torch.tanh(self.initial_state(context)).unsqueeze(0)
        states, _ = self.decoder(self._step_inputs(tokens[:, :-1], context), hidden)
        return self.output(states)

    def loss(self, tokens: torch.Tensor, condition: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Reconstruction (summed token cross-entropy) and KL(q(z | x, c) ‖ N(0, I)), each per molecule."""
        mean, log_var = self.encode(tokens, condition)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
        logits = self.decoder_logits(tokens, z, condition)
        reconstruction = nn.functional.cross_entropy(
            logits.transpose(1, 2), tokens[:, 1:], ignore_index=0, reduction="sum"
        ) / tokens.size(0)
        kl = -0.5 * (1 + log_var - mean.pow(2) - log_var.exp()).sum(dim=1).mean()
        return reconstruction, kl

    @torch.no_grad()
    def generate(self, z: torch.Tensor, condition: torch.Tensor, max_length: int) -> torch.Tensor:
        """Greedy decoding of latent points under their conditions: (batch, length) tokens with start, so
        one point always gives one molecule (what a search over z needs)."""
        context = torch.cat([z, condition], dim=1)
        hidden = torch.tanh(self.initial_state(context)).unsqueeze(0)
        tokens = torch.full((z.size(0), 1), 1, dtype=torch.long)  # START
        finished = torch.zeros(z.size(0), dtype=torch.bool)
        sequence = [tokens]
        for _ in range(max_length):
            states, hidden = self.decoder(self._step_inputs(tokens, context), hidden)
            tokens = self.output(states[:, -1]).argmax(dim=1, keepdim=True).masked_fill(finished.unsqueeze(1), 0)
            finished = finished | (tokens.squeeze(1) == 2)  # END
            sequence.append(tokens)
            if finished.all():
                break
        return torch.cat(sequence, dim=1)


class TrainedCVAE:
    """A trained ConditionalVAE with what turns a (value, solvent) target into its condition."""

    def __init__(self, model: ConditionalVAE, vocabulary: Vocabulary, solvents: list[str], value_mean: float,
                 value_std: float, max_length: int):
        self.model, self.vocabulary, self.max_length = model.eval(), vocabulary, max_length
        self.solvent_index = {solvent: index + 1 for index, solvent in enumerate(solvents)}
        self.value_mean, self.value_std = value_mean, value_std

    def condition(self, value: float, solvent: str, batch: int) -> torch.Tensor:
        """The condition of a target, repeated `batch` times; a solvent not seen in training gets the
        shared unknown slot, with a warning."""
        try:
            index = self.solvent_index.get(canonical_smiles(solvent), 0)
        except MoleculeError:
            index = 0
        if index == 0:
            log.warning("solvent %s was not in the CVAE's training data: it is conditioned as an unknown solvent", solvent)
        values = torch.full((batch,), (value - self.value_mean) / self.value_std)
        with torch.no_grad():
            return self.model.condition(values, torch.full((batch,), index, dtype=torch.long))

    def decode(self, z: torch.Tensor, condition: torch.Tensor) -> list[str]:
        """SMILES of latent points under `condition` (one row per point)."""
        return [self.vocabulary.decode(row) for row in self.model.generate(z, condition, self.max_length).tolist()]


def save_cvae(trained: TrainedCVAE, path: str | Path, **provenance) -> None:
    content = {
        **provenance,
        "tokens": trained.vocabulary.tokens, "representation": trained.vocabulary.representation,
        "solvents": sorted(trained.solvent_index, key=trained.solvent_index.get), "value_mean": trained.value_mean,
        "value_std": trained.value_std, "max_length": trained.max_length, "sizes": trained.model.sizes,
        "state": trained.model.state_dict(),
    }
    with atomic_path(path) as temporary:
        torch.save(content, temporary)


def load_cvae(path: str | Path) -> tuple[TrainedCVAE, dict]:
    """The trained model and the provenance stored with it."""
    content = torch.load(path, map_location="cpu", weights_only=True)
    model = ConditionalVAE(**content["sizes"])
    model.load_state_dict(content["state"])
    trained = TrainedCVAE(
        model, Vocabulary(list(content["tokens"]), content["representation"]), list(content["solvents"]),
        float(content["value_mean"]), float(content["value_std"]), int(content["max_length"]),
    )
    stored = ("tokens", "representation", "solvents", "value_mean", "value_std", "max_length", "sizes", "state")
    return trained, {key: value for key, value in content.items() if key not in stored}


def _validity(trained: TrainedCVAE, conditions: torch.Tensor, samples: int, seed: int) -> tuple[float, float]:
    """Share of valid and of distinct molecules among `samples` prior points decoded under training conditions."""
    generator = torch.Generator().manual_seed(seed)
    z = torch.randn(samples, trained.model.sizes["latent_dim"], generator=generator)
    chosen = torch.randint(0, conditions.size(0), (samples,), generator=generator)
    valid = []
    for text in trained.decode(z, conditions[chosen]):
        try:
            valid.append(canonical_smiles(text))
        except MoleculeError:  # e.g. empty, or several fragments
            pass
    return len(valid) / samples, len(set(valid)) / samples


def train_cvae(solutes: list[str], solvents: list[str], values: list[float], path: str | Path, settings: dict,
               seed: int = 0) -> dict:
    """Train on (solute, solvent, value) rows (a dataset's pairs) and save to `path`; the provenance.

    Rows whose solute SELFIES cannot write or is longer than `max_length` tokens are left out."""
    max_length = int(settings["max_length"])
    kept = set(writable(solutes, "selfies", max_length))
    rows = [(solute, solvent, float(value)) for solute, solvent, value in zip(solutes, solvents, values) if solute in kept]
    if not rows:
        raise ValueError("no solute of the dataset can be written as SELFIES within design.cvae.max_length tokens")
    vocabulary = Vocabulary.from_smiles(sorted({solute for solute, _, _ in rows}), "selfies")
    solvent_list = sorted({canonical_smiles(solvent) for _, solvent, _ in rows})
    value_tensor = torch.tensor([value for _, _, value in rows])
    value_std = float(value_tensor.std()) if len(rows) > 1 else 0.0
    value_mean, value_std = float(value_tensor.mean()), value_std if value_std > 0 else 1.0
    torch.manual_seed(seed)
    model = ConditionalVAE(
        len(vocabulary), len(solvent_list), int(settings["embedding_dim"]), int(settings["hidden_dim"]),
        int(settings["latent_dim"]), int(settings["solvent_dim"]),
    )
    trained = TrainedCVAE(model, vocabulary, solvent_list, value_mean, value_std, max_length)
    solvent_indices = torch.tensor([trained.solvent_index[canonical_smiles(solvent)] for _, solvent, _ in rows])
    scaled = (value_tensor - trained.value_mean) / trained.value_std
    encoded = vocabulary.encode([solute for solute, _, _ in rows], max_length)
    optimizer = torch.optim.Adam(model.parameters(), lr=float(settings["lr"]))
    generator = torch.Generator().manual_seed(seed)
    epochs, batch_size, history = int(settings["epochs"]), int(settings["batch_size"]), []
    model.train()
    for epoch in range(epochs):
        kl_weight = float(settings["kl_weight"]) * min(1.0, epoch / max(1.0, epochs / 2))
        totals = torch.zeros(2)
        order = torch.randperm(len(rows), generator=generator)
        with progress(f"cvae epoch {epoch + 1}/{epochs}", len(rows), interval_s=60.0) as reporter:
            for start in range(0, len(rows), batch_size):
                batch = order[start:start + batch_size]
                condition = model.condition(scaled[batch], solvent_indices[batch])
                reconstruction, kl = model.loss(encoded[batch], condition)
                optimizer.zero_grad()
                (reconstruction + kl_weight * kl).backward()
                nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                optimizer.step()
                totals += torch.tensor([reconstruction.item(), kl.item()]) * len(batch)
                reporter.advance(len(batch))
        reconstruction, kl = (totals / len(rows)).tolist()
        history.append({"epoch": epoch + 1, "reconstruction": reconstruction, "kl": kl, "kl_weight": kl_weight})
        log.info("cvae epoch %d/%d: reconstruction %.3f, KL %.3f (weight %.3f)", epoch + 1, epochs, reconstruction, kl, kl_weight)
    model.eval()
    with torch.no_grad():
        conditions = model.condition(scaled, solvent_indices)
    validity, uniqueness = _validity(trained, conditions, 200, seed)
    provenance = {
        "n_rows": len(rows), "n_solutes": len({solute for solute, _, _ in rows}), "n_solvents": len(solvent_list),
        "vocabulary_size": len(vocabulary), "history": history, "seed": seed,
        "prior_validity": validity, "prior_uniqueness": uniqueness,
    }
    save_cvae(trained, path, **provenance)
    return provenance
