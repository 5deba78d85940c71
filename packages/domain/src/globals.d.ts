// Globals both platforms the domain runs on (browsers and Node) provide, without pulling in DOM or Node types.
declare function structuredClone<T>(value: T): T;
