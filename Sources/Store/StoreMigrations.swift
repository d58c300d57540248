import GRDB

/// The store's schema, as append-only migrations. A shipped migration is never edited: a change
/// is a new migration (GRDB's Migrations guide). Table names are plain strings, not app types.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-corpus") { db in
            // One row per corpus version; every ingest commit makes one.
            try db.execute(sql: """
                CREATE TABLE corpusVersion (
                    id INTEGER PRIMARY KEY,
                    createdAt TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    note TEXT,
                    studiesAdded INTEGER NOT NULL DEFAULT 0,
                    reportsAdded INTEGER NOT NULL DEFAULT 0,
                    imagesAdded INTEGER NOT NULL DEFAULT 0,
                    filesAdded INTEGER NOT NULL DEFAULT 0,
                    rowsRemoved INTEGER NOT NULL DEFAULT 0,
                    duplicates INTEGER NOT NULL DEFAULT 0,
                    quarantined INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE versionTag (
                    name TEXT PRIMARY KEY NOT NULL,
                    versionId INTEGER NOT NULL REFERENCES corpusVersion(id),
                    createdAt TEXT NOT NULL
                );
                CREATE TABLE blob (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id)
                );
                CREATE TABLE study (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    accession TEXT,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    removedVersion INTEGER REFERENCES corpusVersion(id)
                );
                CREATE TABLE sourceFile (
                    id INTEGER PRIMARY KEY,
                    studyId INTEGER NOT NULL REFERENCES study(id),
                    sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    name TEXT NOT NULL,
                    originalPath TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    arrivedAt TEXT NOT NULL,
                    role TEXT NOT NULL,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    UNIQUE (studyId, sha256)
                );
                CREATE TABLE report (
                    id INTEGER PRIMARY KEY,
                    studyId INTEGER NOT NULL REFERENCES study(id),
                    sourceFileId INTEGER NOT NULL REFERENCES sourceFile(id),
                    partName TEXT NOT NULL,
                    format TEXT NOT NULL,
                    language TEXT NOT NULL,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    removedVersion INTEGER REFERENCES corpusVersion(id)
                );
                CREATE INDEX report_study ON report(studyId);
                CREATE INDEX report_versions ON report(addedVersion, removedVersion);
                CREATE TABLE reportSection (
                    id INTEGER PRIMARY KEY,
                    reportId INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    header TEXT,
                    text TEXT NOT NULL,
                    UNIQUE (reportId, position)
                );
                CREATE TABLE reportTerm (
                    id INTEGER PRIMARY KEY,
                    reportId INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
                    vocabulary TEXT NOT NULL,
                    term TEXT NOT NULL,
                    isMajor INTEGER NOT NULL
                );
                CREATE INDEX reportTerm_report ON reportTerm(reportId);
                CREATE TABLE image (
                    id INTEGER PRIMARY KEY,
                    studyId INTEGER NOT NULL REFERENCES study(id),
                    sourceFileId INTEGER NOT NULL REFERENCES sourceFile(id),
                    sha256 TEXT NOT NULL REFERENCES blob(sha256),
                    partName TEXT NOT NULL,
                    format TEXT NOT NULL,
                    width INTEGER NOT NULL CHECK (width > 0),
                    height INTEGER NOT NULL CHECK (height > 0),
                    bitsPerSample INTEGER NOT NULL,
                    photometric TEXT NOT NULL,
                    view TEXT,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    removedVersion INTEGER REFERENCES corpusVersion(id)
                );
                CREATE INDEX image_study ON image(studyId);
                CREATE INDEX image_versions ON image(addedVersion, removedVersion);
                -- Images a self-describing report names (Open-i parentImage) that have not arrived
                -- yet: a loose image with this name later joins the study.
                CREATE TABLE studyImageReference (
                    studyId INTEGER NOT NULL REFERENCES study(id),
                    reference TEXT NOT NULL,
                    PRIMARY KEY (reference, studyId)
                );
                """)
        }
        migrator.registerMigration("v2-labels") { db in
            // CheXpert-style labels of a report and of each of its sentences, by labeler version.
            // `states` holds one character per observation in the order of the 14 CheXpert
            // observations: '1' positive, '0' negative, 'u' uncertain, '.' not mentioned.
            // Relabeling retires the old rows and adds new ones in a new corpus version.
            try db.execute(sql: """
                CREATE TABLE reportLabel (
                    id INTEGER PRIMARY KEY,
                    reportId INTEGER NOT NULL REFERENCES report(id),
                    labelerVersion TEXT NOT NULL,
                    states TEXT NOT NULL CHECK (length(states) = 14),
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    removedVersion INTEGER REFERENCES corpusVersion(id)
                );
                CREATE INDEX reportLabel_report ON reportLabel(reportId);
                CREATE TABLE sentence (
                    id INTEGER PRIMARY KEY,
                    reportId INTEGER NOT NULL REFERENCES report(id),
                    position INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    states TEXT NOT NULL CHECK (length(states) = 14),
                    labelerVersion TEXT NOT NULL,
                    addedVersion INTEGER NOT NULL REFERENCES corpusVersion(id),
                    removedVersion INTEGER REFERENCES corpusVersion(id)
                );
                CREATE INDEX sentence_report ON sentence(reportId);
                CREATE INDEX sentence_versions ON sentence(addedVersion, removedVersion);
                """)
        }
        migrator.registerMigration("v3-translation") { db in
            // The translation memory: one row per (normalised source, language pair, engine+model),
            // with the quality filters' decision (kept = 1, or the first reason and all reasons),
            // their metrics (JSON) and whether the row is in the 1 % audit sample. Rejected rows
            // stay (with reasons) so they are never translated again, but are never trained on.
            try db.execute(sql: """
                CREATE TABLE translation (
                    id INTEGER PRIMARY KEY,
                    sourceKey TEXT NOT NULL,
                    sourceLanguage TEXT NOT NULL,
                    targetLanguage TEXT NOT NULL,
                    engine TEXT NOT NULL,
                    sourceText TEXT NOT NULL,
                    output TEXT NOT NULL,
                    logProb REAL,
                    kept INTEGER NOT NULL,
                    reason TEXT,
                    reasons TEXT NOT NULL,
                    metrics TEXT NOT NULL,
                    audit INTEGER NOT NULL,
                    createdAt TEXT NOT NULL,
                    UNIQUE (sourceKey, sourceLanguage, targetLanguage, engine)
                );
                CREATE INDEX translation_engine ON translation(engine);
                CREATE INDEX translation_audit ON translation(audit) WHERE audit = 1;
                -- Sentences waiting for a translation (no engine available, or not reached yet).
                CREATE TABLE translationPending (
                    sourceKey TEXT NOT NULL,
                    sourceLanguage TEXT NOT NULL,
                    targetLanguage TEXT NOT NULL,
                    sourceText TEXT NOT NULL,
                    enqueuedVersion INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lastError TEXT,
                    PRIMARY KEY (sourceKey, sourceLanguage, targetLanguage)
                );
                -- Human review of the audit sample (scores 1-5; NULL when not given).
                CREATE TABLE translationReview (
                    translationId INTEGER PRIMARY KEY REFERENCES translation(id),
                    accuracy INTEGER CHECK (accuracy BETWEEN 1 AND 5),
                    fluency INTEGER CHECK (fluency BETWEEN 1 AND 5),
                    consistency INTEGER CHECK (consistency BETWEEN 1 AND 5),
                    importedAt TEXT NOT NULL
                );
                -- Named counters: the memory's look-ups and hits, the last corpus version queued.
                CREATE TABLE translationCounter (
                    name TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4-training") { db in
            // Trained models, newest last: the model they continued from (parentId: not a foreign
            // key, a parent may have been imported or collected), the corpus version they trained
            // on, the run's preset, backend and objective, the eval gate's verdict and the run's
            // metrics (a JSON object of name → number).
            // derivedLabel: U-SelfTrained probabilities (phase 1 of a run) per item and CheXpert
            // observation, tagged with the model that predicted them; they go with their model.
            try db.execute(sql: """
                CREATE TABLE model (
                    id TEXT PRIMARY KEY NOT NULL,
                    parentId TEXT,
                    corpusVersion INTEGER NOT NULL,
                    createdAt TEXT NOT NULL,
                    preset TEXT NOT NULL,
                    backend TEXT NOT NULL,
                    objective TEXT NOT NULL,
                    verdict TEXT NOT NULL CHECK (verdict IN ('passed', 'refused', 'failed', 'running')),
                    metrics TEXT NOT NULL DEFAULT '{}',
                    note TEXT
                );
                CREATE INDEX model_created ON model(createdAt);
                CREATE TABLE derivedLabel (
                    itemId TEXT NOT NULL,
                    observation TEXT NOT NULL,
                    probability REAL NOT NULL CHECK (probability BETWEEN 0 AND 1),
                    modelId TEXT NOT NULL REFERENCES model(id) ON DELETE CASCADE,
                    createdAt TEXT NOT NULL,
                    PRIMARY KEY (itemId, observation, modelId)
                );
                CREATE INDEX derivedLabel_model ON derivedLabel(modelId);
                """)
        }
        migrator.registerMigration("v5-gc") { db in
            // Versions garbage collection no longer keeps whole (some of their removed rows are gone).
            try db.execute(sql: """
                CREATE TABLE collectedVersion (
                    id INTEGER PRIMARY KEY REFERENCES corpusVersion(id),
                    collectedAt TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v6-deid") { db in
            // Identifiers de-identification replaced in the stored text, by kind, as JSON ({"name": 2}).
            try db.execute(sql: "ALTER TABLE report ADD COLUMN phi TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v7-acquisition") { db in
            // The acquisition tags a DICOM image carries (modality, body_part, view_position,
            // study_date, manufacturer), as JSON ({"modality": "CR"}); '{}' for PNG and JPEG.
            try db.execute(sql: "ALTER TABLE image ADD COLUMN acquisition TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v8-audit-judge") { db in
            // An LLM judge's scores of the audit sample, per judge model and rubric version (scores
            // of two rubrics are never mixed). `failure` is set (and the scores NULL) when the judge
            // could not score it; a later run tries those again.
            try db.execute(sql: """
                CREATE TABLE translationJudgement (
                    translationId INTEGER NOT NULL REFERENCES translation(id),
                    model TEXT NOT NULL,
                    promptVersion TEXT NOT NULL,
                    accuracy INTEGER CHECK (accuracy BETWEEN 1 AND 5),
                    fluency INTEGER CHECK (fluency BETWEEN 1 AND 5),
                    consistency INTEGER CHECK (consistency BETWEEN 1 AND 5),
                    reason TEXT,
                    failure TEXT,
                    attempts INTEGER NOT NULL,
                    judgedAt TEXT NOT NULL,
                    PRIMARY KEY (translationId, model, promptVersion),
                    CHECK ((failure IS NULL) = (accuracy IS NOT NULL AND fluency IS NOT NULL AND consistency IS NOT NULL))
                )
                """)
        }
        return migrator
    }
}
