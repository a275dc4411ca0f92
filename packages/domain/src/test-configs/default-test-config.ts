// The `default` test config every project is created with, and the limits test configs must respect.
export const DEFAULT_TEST_CONFIG_NAME = 'default';
