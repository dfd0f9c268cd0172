namespace Duel.Testing;
