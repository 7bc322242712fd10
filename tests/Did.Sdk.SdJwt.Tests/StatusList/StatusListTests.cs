using System.IO.Compression;
using Did.Sdk.Jose;
using Did.Sdk.SdJwt.StatusList;
using StatusListType = Did.Sdk.SdJwt.StatusList.StatusList;

namespace Did.Sdk.SdJwt.Tests.StatusLists;

public class StatusListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(-1)]
    public void Create_InvalidBits_Throws(int bits)
        => Assert.Throws<ArgumentOutOfRangeException>(() => StatusListType.Create(bits, 8));

    [Fact]
    public void Create_NonPositiveSize_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => StatusListType.Create(1, 0));

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Get_IndexOutOfRange_Throws(int index)
        => Assert.Throws<ArgumentOutOfRangeException>(() => StatusListType.Create(2, 10).Get(index));

    [Fact]
    public void TryGet_IndexOutOfRange_ReturnsFalse()
    {
        var list = StatusListType.Create(1, 8);
        Assert.False(list.TryGet(8, out _));
        Assert.False(list.TryGet(-1, out _));
        Assert.True(list.TryGet(7, out _));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    public void Set_ValueTooLargeForBits_Throws(int bits, int value)
        => Assert.Throws<ArgumentOutOfRangeException>(() => StatusListType.Create(bits, 8).Set(0, (TokenStatus)value));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public void FromLst_InvalidBits_ReturnsInvalidStatusList(int bits)
    {
        var result = StatusListType.FromLst(bits, "eNrbuRgAAhcBXQ");
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.InvalidStatusList, result.Error.Code);
    }

    [Theory]
    [InlineData("eNrbuRgAAhcBXQ==")] // padded
    [InlineData("eNrbuRg+AhcBXQ")] // not base64url alphabet
    [InlineData("bm90IHpsaWI")] // base64url of "not zlib"
    [InlineData("")] // empty
    public void FromLst_MalformedLst_ReturnsInvalidStatusList(string lst)
    {
        var result = StatusListType.FromLst(1, lst);
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.InvalidStatusList, result.Error.Code);
    }

    [Fact]
    public void FromLst_CompressedEmptyList_ReturnsInvalidStatusList()
    {
        var result = StatusListType.FromLst(1, Base64Url.Encode(Zlib([])));
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.InvalidStatusList, result.Error.Code);
    }

    [Fact]
    public void FromLst_DecompressionBomb_ReturnsDecompressedTooLarge()
    {
        // 64 MiB of zeros compresses to about 64 KiB; the bound stops inflation at 1 MiB + 1 byte.
        string bomb = Base64Url.Encode(Zlib(new byte[64 * 1024 * 1024]));
        Assert.True(bomb.Length < 200 * 1024);
        var result = StatusListType.FromLst(1, bomb, maxDecompressedBytes: 1024 * 1024);
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListDecompressedTooLarge, result.Error.Code);
    }

    [Fact]
    public void FromLst_DecompressionBombWithDefaultBound_ReturnsDecompressedTooLarge()
    {
        var result = StatusListType.FromLst(8, Base64Url.Encode(Zlib(new byte[StatusListType.DefaultMaxDecompressedBytes + 1])));
        Assert.False(result.Succeeded);
        Assert.Equal(StatusListErrorCodes.StatusListDecompressedTooLarge, result.Error.Code);
    }

    [Fact]
    public void FromLst_ExactlyAtBound_Succeeds()
    {
        var result = StatusListType.FromLst(8, Base64Url.Encode(Zlib(new byte[4096])), maxDecompressedBytes: 4096);
        Assert.True(result.Succeeded);
        Assert.Equal(4096, result.Value.Count);
    }

    [Fact]
    public void Decompress_EveryTruncation_ReturnsInvalidStatusList()
    {
        // A stream cut anywhere lacks its final block or its Adler-32; ZLibStream would read it as complete.
        var compressed = Zlib(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());
        for (int cut = 0; cut < compressed.Length; cut++)
        {
            var result = StatusListType.Decompress(8, compressed.AsSpan(0, cut));
            Assert.False(result.Succeeded, $"cut at {cut} of {compressed.Length}");
            Assert.Equal(StatusListErrorCodes.InvalidStatusList, result.Error.Code);
        }

        Assert.True(StatusListType.Decompress(8, compressed).Succeeded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public void Decompress_BytesAfterTheStream_ReturnsInvalidStatusList(int extra)
    {
        var compressed = Zlib(new byte[] { 1, 2, 3, 0, 0, 0, 9 });
        var padded = compressed.Concat(Enumerable.Repeat((byte)0, extra)).ToArray();
        var twice = compressed.Concat(compressed).ToArray();

        Assert.Equal(StatusListErrorCodes.InvalidStatusList, StatusListType.Decompress(8, padded).Error?.Code);
        Assert.Equal(StatusListErrorCodes.InvalidStatusList, StatusListType.Decompress(8, twice).Error?.Code);
        Assert.Equal(StatusListErrorCodes.InvalidStatusList, StatusListType.FromLst(8, Base64Url.Encode(padded)).Error?.Code);
    }

    [Fact]
    public void Decompress_WrongAdler32_ReturnsInvalidStatusList()
    {
        var compressed = Zlib(new byte[] { 1, 2, 3, 4 });
        compressed[^1] ^= 0x01;

        Assert.Equal(StatusListErrorCodes.InvalidStatusList, StatusListType.Decompress(8, compressed).Error?.Code);
    }

    [Fact]
    public void Decompress_RawDeflateWithoutZlibHeader_ReturnsInvalidStatusList()
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write([1, 2, 3, 4]);
        }

        Assert.Equal(StatusListErrorCodes.InvalidStatusList, StatusListType.Decompress(8, output.ToArray()).Error?.Code);
    }

    [Fact]
    public void FromLst_BombUnderTheResponseLimit_StoppedByTheInflatedBound()
    {
        // The compressed list fits the HTTP response limit, so only the inflated-size bound can stop it.
        string bomb = Base64Url.Encode(Zlib(new byte[256 * 1024 * 1024]));
        Assert.True(bomb.Length < HttpStatusListCheckerOptions.DefaultMaxResponseBytes);

        var result = StatusListType.FromLst(1, bomb);

        Assert.Equal(StatusListErrorCodes.StatusListDecompressedTooLarge, result.Error?.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Set_ThenGet_ReturnsValueAndLeavesNeighbours(int bits)
    {
        var list = StatusListType.Create(bits, 37);
        var max = (TokenStatus)list.MaxValue;
        list.Set(17, max);
        Assert.Equal(max, list.Get(17));
        Assert.Equal(TokenStatus.Valid, list.Get(16));
        Assert.Equal(TokenStatus.Valid, list.Get(18));
        list.Set(17, TokenStatus.Valid);
        Assert.True(list.Bytes.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Bytes_OneBitList_IsLsbFirst()
    {
        var list = StatusListType.Create(1, 16);
        list.Set(0, TokenStatus.Invalid);
        list.Set(9, TokenStatus.Invalid);
        Assert.Equal(new byte[] { 0x01, 0x02 }, list.Bytes.ToArray());
    }

    [Fact]
    public void ToLst_RoundTrip_Property()
    {
        var gen = from bits in Gen.Int[0, 3].Select(e => 1 << e)
                  from size in Gen.Int[1, 3000]
                  from sets in Gen.Select(Gen.Int[0, 2999], Gen.Int[0, 255]).Array[0, 50]
                  select (bits, size, sets);
        gen.Sample(t =>
        {
            var (bits, size, sets) = t;
            var list = StatusListType.Create(bits, size);
            foreach (var (index, value) in sets)
            {
                list.Set(index % size, (TokenStatus)(value & list.MaxValue));
            }

            var decoded = StatusListType.FromLst(bits, list.ToLst());
            Assert.True(decoded.Succeeded);
            Assert.Equal(list.Bytes.ToArray(), decoded.Value.Bytes.ToArray());
            for (int i = 0; i < size; i++)
            {
                Assert.Equal(list.Get(i), decoded.Value.Get(i));
            }
        }, iter: 200);
    }

    [Fact]
    public void FromLst_ArbitraryText_NeverThrows()
    {
        Gen.String.Sample(s =>
        {
            var result = StatusListType.FromLst(1, s, 4096);
            Assert.True(result.Succeeded || result.Error.Code is StatusListErrorCodes.InvalidStatusList or StatusListErrorCodes.StatusListDecompressedTooLarge);
        }, iter: 500);
    }

    [Fact]
    public void Decompress_ArbitraryBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var withHeader = new byte[] { 0x78, 0xDA }.Concat(bytes).ToArray();
            var result = StatusListType.Decompress(2, withHeader, 4096);
            Assert.True(result.Succeeded || result.Error.Code is StatusListErrorCodes.InvalidStatusList or StatusListErrorCodes.StatusListDecompressedTooLarge);
        }, iter: 500);
    }

    internal static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }
}
