enum AllocatorPlaceholder {}
