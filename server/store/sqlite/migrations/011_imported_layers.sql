-- Admin imports kept where every server on this file sees them: uploads waiting for their
-- confirmation (any server may confirm one), and the imported layers' GeoJSON, served by every
-- server in place of the pack's file. version rises with every import (one counter for all).
CREATE TABLE pending_imports (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
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
  version     INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (city, layer)
);
CREATE INDEX imported_layers_version ON imported_layers (version);
