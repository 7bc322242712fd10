namespace Did.Sdk.Jose;

/// <summary>
/// The kinds of public key material the SDK represents. Only <see cref="Ed25519"/>, <see cref="P256"/>
/// and <see cref="Secp256k1"/> sign (EdDSA, ES256, ES256K); the others are carried for DID documents
/// and key conversion.
/// </summary>
public enum KeyType
{
    /// <summary>Ed25519 (RFC 8032); JWK kty OKP, crv Ed25519; 32-byte public key.</summary>
    Ed25519 = 1,

    /// <summary>X25519 (RFC 7748); JWK kty OKP, crv X25519; 32-byte public key. Key agreement only.</summary>
    X25519 = 2,

    /// <summary>NIST P-256 (secp256r1); JWK kty EC, crv P-256; 32-byte coordinates.</summary>
    P256 = 3,

    /// <summary>NIST P-384 (secp384r1); JWK kty EC, crv P-384; 48-byte coordinates. Not used for signing.</summary>
    P384 = 4,

    /// <summary>NIST P-521 (secp521r1); JWK kty EC, crv P-521; 66-byte coordinates. Not used for signing.</summary>
    P521 = 5,

    /// <summary>secp256k1 (SEC 2); JWK kty EC, crv secp256k1 (RFC 8812); 32-byte coordinates.</summary>
    Secp256k1 = 6,
}
