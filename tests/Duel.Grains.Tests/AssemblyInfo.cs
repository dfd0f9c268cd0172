// Each class starts a 3-silo Orleans cluster; on a 2-core machine they run one at a time, so a
// cluster's reminder service and connection pool are not starved by five others starting beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
