// Sandbox runs are timed against their limits; parallel classes on a 2-core machine would skew that.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
