enum TensorsPlaceholder {}
