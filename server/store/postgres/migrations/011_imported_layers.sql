-- Admin imports kept where every server sees them: uploads waiting for their confirmation (any
-- server may confirm one), and the imported layers' GeoJSON, served by every server in place of
-- the pack's file. version rises with every import (one counter for all layers), taken under
-- an advisory lock so versions follow commit order and one read tells a server what changed.
CREATE TABLE pending_imports (
  seq           BIGSERIAL PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  city          TEXT NOT NULL,
  layer         TEXT NOT NULL,
  mode          TEXT NOT NULL CHECK (mode IN ('replace', 'append')),
  name          TEXT NOT NULL,
  features      TEXT NOT NULL,
  feature_count INTEGER NOT NULL,
  refused       INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL
);

CREATE TABLE imported_layers (
  city        TEXT NOT NULL,
  layer       TEXT NOT NULL,
  geojson     TEXT NOT NULL,
  version     BIGINT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (city, layer)
);
CREATE INDEX imported_layers_version ON imported_layers (version);
