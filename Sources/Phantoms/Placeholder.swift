enum PhantomsPlaceholder {}
