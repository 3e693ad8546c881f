package inventory

import "time"

// DeniedCalls summarises the access-denied Lambda calls of one principal
// in an activity estate (KindActivity). So that memory stays bounded
// however many such calls the records hold, only the earliest Listed of
// them are kept one by one (in Estate.Events, where LS815 finds them);
// all Count of them are counted, and counted again per minute, which is
// what LS815 needs to find a burst among the ones not listed.
type DeniedCalls struct {
	// Account is the account the calls were made in (recipientAccountId)
	// and Principal the caller (Actor.Principal).
	Account   string `json:"account,omitempty"`
	Principal string `json:"principal"`
	// Count is every access-denied call of the principal read
	// (deduplicated on eventID), the listed ones included.
	Count int `json:"count"`
	// Listed is how many of them are in Estate.Events: the earliest, by
	// eventTime then eventID.
	Listed int `json:"listed"`
	// Minutes counts the calls per minute of eventTime, in time order.
	Minutes []DeniedMinute `json:"minutes,omitempty"`
}

// DeniedMinute is the access-denied calls of one principal within one
// minute.
type DeniedMinute struct {
	// Start is the start of the minute, UTC.
	Start time.Time `json:"start"`
	Count int       `json:"count"`
	// Operations are the Lambda operations denied in the minute, sorted.
	Operations []string `json:"operations,omitempty"`
}
