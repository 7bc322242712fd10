namespace Did.Sdk.Methods.Tests;
