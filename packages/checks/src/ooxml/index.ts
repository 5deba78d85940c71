// Safe OOXML reading: budgeted ZIP access, safe XML parsing, relationships, typed errors.
export * from './errors.ts';
export * from './zip.ts';
export * from './xml.ts';
