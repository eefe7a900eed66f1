"""Reading council documents into structured, embeddable chunks."""
