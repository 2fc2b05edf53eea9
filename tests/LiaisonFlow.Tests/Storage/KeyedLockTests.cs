using LiaisonFlow.Storage;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task One_holder_per_key_and_other_keys_go_on()
    {
        var locks = new KeyedLock();
        var first = await locks.LockAsync("ls-1", default);
        var second = locks.LockAsync("ls-1", default);
        // Another key is not held up by ls-1's holder.
        using (await locks.LockAsync("ls-2", default)) { }
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // a second release is nothing
        using (await second) { }
        using (await locks.LockAsync("ls-1", default)) { }
    }

    [Fact]
    public async Task A_wait_given_up_leaves_the_key_free()
    {
        var locks = new KeyedLock();
        var held = await locks.LockAsync("ls-1", default);
        using var cancel = new CancellationTokenSource();
        var waiting = locks.LockAsync("ls-1", cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        using (await locks.LockAsync("ls-1", default)) { }
    }
}
