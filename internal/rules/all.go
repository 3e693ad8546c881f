package rules

// All returns every rule lambdasec has, in ID order. The list is written
// out by hand: a new rule is one Rule value in its area's file and one line
// here (and its testdata/LSxxx fixtures).
func All() []*Rule {
	return []*Rule{
		publicInvoke,              // LS101
		crossAccountInvoke,        // LS102
		serviceWithoutSource,      // LS103
		functionURLNoAuth,         // LS104
		functionURLCORS,           // LS105
		layerExposure,             // LS106
		routeNoAuth,               // LS107
		noWAF,                     // LS108
		noThrottling,              // LS109
		roleAdmin,                 // LS201
		roleWildcard,              // LS202
		roleEscalation,            // LS203
		roleShared,                // LS204
		roleTrust,                 // LS205
		roleDataAccess,            // LS206
		roleResourceExposure,      // LS207
		roleCredentialExposure,    // LS208
		roleInvokeAny,             // LS209
		roleUnknownAction,         // LS210
		envNoCMK,                  // LS301
		secretInEnv,               // LS302
		secretNoRotation,          // LS303
		secretInCode,              // LS304
		noEchoDefault,             // LS305
		singleAZ,                  // LS401
		openSecurityGroup,         // LS402
		deprecatedRuntime,         // LS501
		noCodeSigning,             // LS502
		noVersions,                // LS503
		tracingInactive,           // LS601
		confusableName,            // LS602
		noReservedConcurrency,     // LS701
		maxTimeout,                // LS702
		asyncNoDLQ,                // LS703
		permissionPublicAdded,     // LS801
		permissionUnknownAccount,  // LS802
		permissionServiceNoSource, // LS803
		urlAuthNone,               // LS804
		layerShared,               // LS805
		codeByStranger,            // LS806
		foreignLayerAdded,         // LS807
		roleChanged,               // LS808
		protectionRemoved,         // LS809
		concurrencyDeleted,        // LS810
		foreignEventSource,        // LS811
		unusualGetFunction,        // LS812
		invocationSpike,           // LS813
		invokedFromForeignAccount, // LS814
		deniedBurst,               // LS815
	}
}
