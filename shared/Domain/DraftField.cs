namespace LiaisonFlow.Domain;

/// <summary>The fields of a draft LS a rapporteur may correct before submitting it.</summary>
public enum DraftField { Title, Subject, Td, Questions, Approval, Contact, Addressees, InReplyTo }
