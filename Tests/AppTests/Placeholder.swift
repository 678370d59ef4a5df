// Placeholder so the package loads while this target is being written; delete when real files exist.
