export async function runHuman() { throw new Error("not yet"); }
