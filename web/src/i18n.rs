//! English and French. The code is written with its English strings; [`tr`] swaps in the French one
//! when the user reads French. The language comes from the `lang` preference (`browser`, `en`,
//! `fr`), remembered in local storage so the first paint is already right, or from the browser's.
//! Changing it reloads the app: strings are plain text, not signals, which keeps the .wasm small.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;

use crate::browser::local_storage as storage;

/// Set once at start: [`tr`] reads it for every string, in views and in plain code alike (error
/// messages of the client), so it is a plain flag rather than a context each caller must reach.
static FRENCH: AtomicBool = AtomicBool::new(false);

/// Where the last known `lang` preference is kept between visits.
const STORAGE_KEY: &str = "twofold.lang";

/// `(English, French)`, one line per string of the app; `{}` marks where [`trf`] inserts values.
const FR: &[(&str, &str)] = &[
    ("Sign in with GitHub", "Se connecter avec GitHub"),
    ("Sign in with OpenID", "Se connecter avec OpenID"),
    (
        "This provider is not set up on this instance: its client id, secret or addresses are missing, or its configuration cannot be read. Tell the administrator.",
        "Ce fournisseur n'est pas configuré sur cette instance : son identifiant client, son secret ou ses adresses manquent, ou sa configuration est illisible. Prévenez l'administrateur.",
    ),
    (
        "Signing in with an external provider is disabled on this instance.",
        "La connexion par un fournisseur externe est désactivée sur cette instance.",
    ),
    (
        "Another account already uses the e-mail address of your provider's account. Sign in to it another way.",
        "Un autre compte utilise déjà l'adresse e-mail de votre compte chez le fournisseur. Connectez-vous à celui-ci autrement.",
    ),
    (
        "Registrations are closed on this instance: your provider's account has no Twofold account here.",
        "Les inscriptions sont fermées sur cette instance : votre compte chez le fournisseur n'a pas de compte Twofold ici.",
    ),
    (
        "The sign-in with your provider failed or was refused. Try again from the start.",
        "La connexion par votre fournisseur a échoué ou a été refusée. Recommencez depuis le début.",
    ),
    ("Something went wrong.", "Quelque chose s'est mal passé."),
    ("Sign-in failed", "Échec de la connexion"),
    ("Back to the sign-in page", "Retour à la page de connexion"),
    (
        "Your account is managed by your sign-in provider: change your name, e-mail or password there.",
        "Votre compte est géré par votre fournisseur de connexion : changez-y votre nom, votre e-mail ou votre mot de passe.",
    ),
    (
        "This passkey does not open the offline copy.",
        "Cette clé d'accès n'ouvre pas la copie hors ligne.",
    ),
    (
        "This device's copy of {} opens with your passkey.",
        "La copie de cet appareil du {} s'ouvre avec votre clé d'accès.",
    ),
    ("Open with your passkey", "Ouvrir avec votre clé d'accès"),
    (
        "The passkey's answer could not be read.",
        "La réponse de la clé d'accès est illisible.",
    ),
    (
        "The passkey request was cancelled or timed out.",
        "La demande de clé d'accès a été annulée ou a expiré.",
    ),
    (
        "This browser cannot use passkeys.",
        "Ce navigateur ne prend pas en charge les clés d'accès.",
    ),
    (
        "Passkeys cannot be used on this address.",
        "Les clés d'accès ne fonctionnent pas à cette adresse.",
    ),
    (
        "This authenticator already holds a passkey for you.",
        "Cet authentificateur détient déjà une clé d'accès pour vous.",
    ),
    (
        "The passkey request failed.",
        "La demande de clé d'accès a échoué.",
    ),
    ("Passkey added", "Clé d'accès ajoutée"),
    ("Passkey renamed", "Clé d'accès renommée"),
    ("Passkey removed", "Clé d'accès supprimée"),
    ("Passkeys", "Clés d'accès"),
    (
        "A passkey signs you in with this device's screen lock or a security key, without a password.",
        "Une clé d'accès vous connecte avec le verrouillage d'écran de cet appareil ou une clé de sécurité, sans mot de passe.",
    ),
    ("Passkey name", "Nom de la clé d'accès"),
    (
        "e.g. Phone, laptop, security key",
        "p. ex. téléphone, portable, clé de sécurité",
    ),
    ("Add a passkey", "Ajouter une clé d'accès"),
    (
        "Sign in with passkeys only (the password no longer signs in)",
        "Se connecter uniquement avec des clés d'accès (le mot de passe ne suffit plus)",
    ),
    ("never used", "jamais utilisée"),
    ("Unnamed passkey", "Clé d'accès sans nom"),
    ("Remove", "Supprimer"),
    (
        "Sign in without a password, with this device's screen lock or a security key.",
        "Connectez-vous sans mot de passe, avec le verrouillage d'écran de cet appareil ou une clé de sécurité.",
    ),
    ("Manage your passkeys", "Gérer vos clés d'accès"),
    ("Use a passkey", "Utiliser une clé d'accès"),
    ("About", "À propos"),
    ("Twofold {}", "Twofold {}"),
    (
        "A self-hosted vault for two-factor accounts that speaks the 2FAuth API v1: 2FAuth's clients work with it.",
        "Un coffre auto-hébergé de comptes à double facteur qui parle l'API v1 de 2FAuth : les clients de 2FAuth fonctionnent avec lui.",
    ),
    (
        "Codes are computed in this browser; secrets are encrypted at rest on the server, and tokens and passwords are kept only as hashes.",
        "Les codes sont calculés dans ce navigateur ; les secrets sont chiffrés au repos sur le serveur, et jetons et mots de passe ne sont gardés que sous forme d'empreintes.",
    ),
    ("API reference", "Référence de l'API"),
    ("The API's OpenAPI document", "Le document OpenAPI de l'API"),
    ("License: MIT", "Licence : MIT"),
    (
        "Give new accounts their official logo",
        "Donner leur logo officiel aux nouveaux comptes",
    ),
    ("Logo library", "Bibliothèque de logos"),
    ("Logo variant", "Variante du logo"),
    ("Regular", "Normale"),
    ("Add accounts with", "Ajouter des comptes avec"),
    ("The camera", "La caméra"),
    ("An image", "Une image"),
    ("The advanced form", "Le formulaire avancé"),
    ("Start with it directly", "Commencer directement par là"),
    (
        "Save a scanned account at once",
        "Enregistrer aussitôt un compte scanné",
    ),
    ("Without group", "Sans groupe"),
    ("Shared by me", "Partagés par moi"),
    ("Shared with me", "Partagés avec moi"),
    (
        "Groups as chips (else a switch)",
        "Groupes en pastilles (sinon un sélecteur)",
    ),
    (
        "Offer the pseudo-groups (without group, shared)",
        "Proposer les pseudo-groupes (sans groupe, partagés)",
    ),
    ("Remember the chosen group", "Retenir le groupe choisi"),
    (
        "Show the default group after a copy",
        "Afficher le groupe par défaut après une copie",
    ),
    (
        "No official logo found for this service.",
        "Aucun logo officiel trouvé pour ce service.",
    ),
    ("Icon", "Icône"),
    ("Icon of this account", "Icône de ce compte"),
    ("Upload an icon", "Envoyer une icône"),
    ("Get the official logo", "Récupérer le logo officiel"),
    ("Remove the icon", "Retirer l'icône"),
    ("Saved", "Enregistré"),
    ("In the chips", "Dans les pastilles"),
    ("Move group {} up", "Monter le groupe {}"),
    ("Move group {} down", "Descendre le groupe {}"),
    ("Shared by {}", "Partagé par {}"),
    ("all", "tous"),
    ("shared", "partagé"),
    ("Shared with users", "Partagé avec des utilisateurs"),
    ("Sharing", "Partage"),
    ("Shared", "Partagé"),
    (
        "Shared with all users",
        "Partagé avec tous les utilisateurs",
    ),
    ("Share revoked", "Partage révoqué"),
    ("Every share revoked", "Tous les partages révoqués"),
    (
        "Give this account to this user? You will no longer manage it.",
        "Donner ce compte à cet utilisateur ? Vous ne le gérerez plus.",
    ),
    ("Ownership transferred", "Propriété transférée"),
    (
        "Shared with all users.",
        "Partagé avec tous les utilisateurs.",
    ),
    (
        "Not shared with all users.",
        "Pas partagé avec tous les utilisateurs.",
    ),
    ("Shared with", "Partagé avec"),
    ("Stop sharing with {}", "Ne plus partager avec {}"),
    (
        "Share with all users",
        "Partager avec tous les utilisateurs",
    ),
    ("Revoke every share", "Révoquer tous les partages"),
    (
        "Find a user by name or exact e-mail",
        "Trouver un utilisateur par son nom ou son e-mail exact",
    ),
    ("Users found", "Utilisateurs trouvés"),
    ("Share with {}", "Partager avec {}"),
    ("Share", "Partager"),
    ("Choose as new owner", "Choisir comme nouveau propriétaire"),
    ("Transfer ownership", "Transférer la propriété"),
    (
        "Find a user above and choose them as new owner.",
        "Trouvez un utilisateur ci-dessus et choisissez-le comme nouveau propriétaire.",
    ),
    (
        "New owner: user {}",
        "Nouveau propriétaire : utilisateur {}",
    ),
    ("Transfer", "Transférer"),
    ("Codes generated", "Codes générés"),
    (
        "No code generated by the server yet (codes computed in the browser are not logged).",
        "Aucun code généré par le serveur pour l'instant (les codes calculés dans le navigateur ne sont pas journalisés).",
    ),
    ("When", "Quand"),
    ("By", "Par"),
    ("Manage accounts", "Gérer les comptes"),
    ("Order saved", "Ordre enregistré"),
    ("Sort A→Z", "Trier A→Z"),
    ("Sort Z→A", "Trier Z→A"),
    ("Move {} up", "Monter {}"),
    ("Move {} down", "Descendre {}"),
    ("Choose a group", "Choisir un groupe"),
    ("Move to the group", "Déplacer dans le groupe"),
    ("Withdraw from group", "Retirer du groupe"),
    ("Export as 2FAuth JSON", "Exporter en JSON 2FAuth"),
    ("Export as otpauth URIs", "Exporter en URI otpauth"),
    (
        "Google Authenticator QR codes",
        "QR codes Google Authenticator",
    ),
    (
        "Scan these codes with Google Authenticator, in order.",
        "Scannez ces codes avec Google Authenticator, dans l'ordre.",
    ),
    (
        "Google Authenticator QR code {}",
        "QR code Google Authenticator {}",
    ),
    ("Actions", "Actions"),
    ("Your password", "Votre mot de passe"),
    ("Administration", "Administration"),
    ("Users", "Utilisateurs"),
    ("Settings", "Réglages"),
    ("Last seen", "Vu pour la dernière fois"),
    ("admin", "admin"),
    ("Manage", "Gérer"),
    ("Manage {}", "Gérer {}"),
    ("New user", "Nouvel utilisateur"),
    ("Administrator", "Administrateur"),
    ("Create the user", "Créer l'utilisateur"),
    ("Role", "Rôle"),
    ("User", "Utilisateur"),
    ("Valid tokens", "Jetons valides"),
    ("Registered", "Inscrit"),
    (
        "Reset link, valid 60 minutes:",
        "Lien de réinitialisation, valable 60 minutes :",
    ),
    ("Remove admin role", "Retirer le rôle d'administrateur"),
    ("Make administrator", "Nommer administrateur"),
    ("Reset the password", "Réinitialiser le mot de passe"),
    ("Revoke all tokens", "Révoquer tous les jetons"),
    ("Delete the user", "Supprimer l'utilisateur"),
    ("Authentication log", "Journal des connexions"),
    ("Period", "Période"),
    ("1 month", "1 mois"),
    ("3 months", "3 mois"),
    ("6 months", "6 mois"),
    ("1 year", "1 an"),
    ("Signed in", "Connexion"),
    ("Address", "Adresse"),
    ("Browser", "Navigateur"),
    ("Result", "Résultat"),
    ("Duration", "Durée"),
    ("success", "réussie"),
    ("failure", "échouée"),
    (
        "Secrets are always encrypted at rest, and icons are stored in the database.",
        "Les secrets sont toujours chiffrés au repos, et les icônes stockées dans la base.",
    ),
    (
        "Delete {} and all their data?",
        "Supprimer {} et toutes ses données ?",
    ),
    ("User created", "Utilisateur créé"),
    ("Role changed", "Rôle modifié"),
    (
        "Password reset: pass the link on",
        "Mot de passe réinitialisé : transmettez le lien",
    ),
    ("Tokens revoked", "Jetons révoqués"),
    ("User deleted", "Utilisateur supprimé"),
    ("Registration closed", "Inscriptions fermées"),
    (
        "Registration restricted to the list or rule below",
        "Inscriptions limitées à la liste ou à la règle ci-dessous",
    ),
    (
        "Users can share accounts",
        "Les utilisateurs peuvent partager des comptes",
    ),
    (
        "Accounts can be shared with all users",
        "Les comptes peuvent être partagés avec tous les utilisateurs",
    ),
    (
        "Allowed e-mail addresses (separated by |)",
        "Adresses e-mail autorisées (séparées par |)",
    ),
    (
        "Allowed e-mail addresses (regular expression)",
        "Adresses e-mail autorisées (expression régulière)",
    ),
    ("Setting saved", "Réglage enregistré"),
    ("Lost password", "Mot de passe perdu"),
    ("Ask for a new password", "Demander un nouveau mot de passe"),
    ("Back to sign in", "Retour à la connexion"),
    (
        "Choose a new password",
        "Choisissez un nouveau mot de passe",
    ),
    ("Change the password", "Changer le mot de passe"),
    (
        "Your other sessions end with the old password.",
        "Vos autres sessions prennent fin avec l'ancien mot de passe.",
    ),
    (
        "Also revoke my personal access tokens",
        "Révoquer aussi mes jetons d'accès personnels",
    ),
    ("Sessions", "Sessions"),
    (
        "Signs you out on every device and browser, this one included. Personal access tokens stay valid.",
        "Vous déconnecte sur chaque appareil et navigateur, celui-ci compris. Les jetons d'accès personnels restent valides.",
    ),
    ("Sign out everywhere", "Se déconnecter partout"),
    ("Signed out everywhere", "Déconnecté partout"),
    (
        "Request recorded: an administrator will give you a link to choose a new password.",
        "Demande enregistrée : un administrateur vous donnera un lien pour choisir un nouveau mot de passe.",
    ),
    ("Password changed", "Mot de passe changé"),
    (
        "New password (8 characters or more)",
        "Nouveau mot de passe (8 caractères ou plus)",
    ),
    ("New password again", "Nouveau mot de passe, à nouveau"),
    (
        "Delete your account and all its 2FA accounts? This cannot be undone.",
        "Supprimer votre compte et tous ses comptes 2FA ? C'est irréversible.",
    ),
    ("My account", "Mon compte"),
    ("Profile", "Profil"),
    ("Save the profile", "Enregistrer le profil"),
    ("Delete my account", "Supprimer mon compte"),
    (
        "Your 2FA accounts, groups, tokens and preferences are deleted with it.",
        "Vos comptes 2FA, groupes, jetons et préférences sont supprimés avec lui.",
    ),
    ("Profile saved", "Profil enregistré"),
    ("Account deleted", "Compte supprimé"),
    (
        "Current password (to confirm)",
        "Mot de passe actuel (pour confirmer)",
    ),
    ("Current password", "Mot de passe actuel"),
    ("Lost your password?", "Mot de passe perdu ?"),
    ("Lost your passkey?", "Clé d'accès perdue ?"),
    ("Lost passkey", "Clé d'accès perdue"),
    (
        "We will mail you a link to sign in with your password again.",
        "Nous vous enverrons un lien pour vous connecter de nouveau avec votre mot de passe.",
    ),
    ("Send the recovery link", "Envoyer le lien de récupération"),
    (
        "A recovery link is on its way to your mailbox.",
        "Un lien de récupération est en route vers votre boîte aux lettres.",
    ),
    (
        "Sign in without your passkey",
        "Se connecter sans sa clé d'accès",
    ),
    (
        "Also remove every passkey of my account",
        "Supprimer aussi toutes les clés d'accès de mon compte",
    ),
    (
        "Turn password sign-in back on",
        "Réactiver la connexion par mot de passe",
    ),
    (
        "Done: you can sign in with your password.",
        "C'est fait : vous pouvez vous connecter avec votre mot de passe.",
    ),
    ("Mail server", "Serveur de messagerie"),
    ("Send a test e-mail", "Envoyer un e-mail de test"),
    (
        "Sends a message to your own address with the instance's MAIL_* settings.",
        "Envoie un message à votre propre adresse avec les réglages MAIL_* de l'instance.",
    ),
    ("Test e-mail sent", "E-mail de test envoyé"),
    ("Layout", "Disposition"),
    ("List", "Liste"),
    ("Grid", "Grille"),
    ("Show codes on request", "Afficher les codes à la demande"),
    ("Close an open code after", "Fermer un code ouvert après"),
    ("2 minutes", "2 minutes"),
    (
        "Add an account from its otpauth:// URI",
        "Ajouter un compte depuis son URI otpauth://",
    ),
    (
        "No account yet. Paste an otpauth:// URI above to add one.",
        "Aucun compte. Collez une URI otpauth:// ci-dessus pour en ajouter un.",
    ),
    ("Close", "Fermer"),
    ("Reading…", "Lecture…"),
    (
        "This export is encrypted: type its password.",
        "Cet export est chiffré : saisissez son mot de passe.",
    ),
    (
        "This password does not open the export.",
        "Ce mot de passe n'ouvre pas l'export.",
    ),
    ("Import accounts", "Importer des comptes"),
    (
        "From another authenticator app: its export, its backup, or the file it keeps on the phone. Encrypted files are opened in this browser.",
        "Depuis une autre application d'authentification : son export, sa sauvegarde, ou le fichier qu'elle garde sur le téléphone. Les fichiers chiffrés sont ouverts dans ce navigateur.",
    ),
    (
        "Which file to take from each app",
        "Quel fichier prendre dans chaque application",
    ),
    (
        "Password: if the file is encrypted.",
        "Mot de passe : si le fichier est chiffré.",
    ),
    ("Password: always.", "Mot de passe : toujours."),
    ("Any other app", "Toute autre application"),
    ("Export (JSON)", "Export (JSON)"),
    ("Backup file (.2fas)", "Fichier de sauvegarde (.2fas)"),
    ("Export of the vault (.json)", "Export du coffre (.json)"),
    (
        "Backup (.json or .json.aes)",
        "Sauvegarde (.json ou .json.aes)",
    ),
    (
        "Export (password-protected .zip)",
        "Export (.zip protégé par mot de passe)",
    ),
    (
        "Rooted device: shared_prefs/com.authy.storage.tokens.authenticator.xml",
        "Appareil rooté : shared_prefs/com.authy.storage.tokens.authenticator.xml",
    ),
    (
        "Rooted device: the authenticator's shared_prefs .xml",
        "Appareil rooté : le .xml de shared_prefs de l'authentificateur",
    ),
    ("Export (JSON or CSV)", "Export (JSON ou CSV)"),
    (
        "Rooted device: files/duokit/accounts.json",
        "Appareil rooté : files/duokit/accounts.json",
    ),
    (
        "Export, plain text or encrypted",
        "Export, en clair ou chiffré",
    ),
    (
        "Backup (externalBackup.xml); version 1, rooted device: shared_prefs/tokens.xml",
        "Sauvegarde (externalBackup.xml) ; version 1, appareil rooté : shared_prefs/tokens.xml",
    ),
    ("Backup (.json)", "Sauvegarde (.json)"),
    (
        "Transfer accounts: the QR codes (images); rooted device: databases/databases",
        "Transférer des comptes : les codes QR (images) ; appareil rooté : databases/databases",
    ),
    (
        "Rooted device: databases/PhoneFactor",
        "Appareil rooté : databases/PhoneFactor",
    ),
    ("Export (.json)", "Export (.json)"),
    (
        "Rooted device: files/Steamguard-…; Steam Desktop Authenticator: the .maFile",
        "Appareil rooté : files/Steamguard-… ; Steam Desktop Authenticator : le .maFile",
    ),
    (
        "Backup, plain or encrypted; rooted device: databases/authenticator.db3",
        "Sauvegarde, en clair ou chiffrée ; appareil rooté : databases/authenticator.db3",
    ),
    (
        "Backup (encrypted); rooted device: its shared_prefs .xml",
        "Sauvegarde (chiffrée) ; appareil rooté : son .xml de shared_prefs",
    ),
    (
        "Export: the text file, or the password-protected .zip",
        "Export : le fichier texte, ou le .zip protégé par mot de passe",
    ),
    (
        "A list of otpauth:// URIs, one per line",
        "Une liste d'URI otpauth://, une par ligne",
    ),
    ("Export file", "Fichier d'export"),
    ("Or paste its content", "Ou collez son contenu"),
    ("Read", "Lire"),
    ("Password of the export", "Mot de passe de l'export"),
    ("Open", "Ouvrir"),
    ("Select all", "Tout sélectionner"),
    ("Select none", "Ne rien sélectionner"),
    ("Accounts found", "Comptes trouvés"),
    ("Import progress", "Progression de l'import"),
    ("Already in your accounts", "Déjà dans vos comptes"),
    ("Imported", "Importé"),
    ("Read as {}", "Lu comme {}"),
    ("Invalid: {}", "Invalide : {}"),
    ("Not imported: {}", "Non importé : {}"),
    (
        "Read: check the form below, then save.",
        "Lu : vérifiez le formulaire ci-dessous, puis enregistrez.",
    ),
    (
        "The camera cannot be used: allow it in the browser, or upload an image.",
        "La caméra est inutilisable : autorisez-la dans le navigateur, ou envoyez une image.",
    ),
    ("New account", "Nouveau compte"),
    (
        "Scan a QR code with the camera",
        "Scanner un QR code avec la caméra",
    ),
    ("Stop the camera", "Arrêter la caméra"),
    ("Upload a QR code image", "Envoyer l'image d'un QR code"),
    ("Camera view", "Image de la caméra"),
    ("Or paste an otpauth:// URI", "Ou collez une URI otpauth://"),
    ("New", "Nouveau"),
    ("Import", "Importer"),
    ("1 day", "1 jour"),
    ("1 hour", "1 heure"),
    ("1 minute", "1 minute"),
    ("10 minutes", "10 minutes"),
    ("15 minutes", "15 minutes"),
    ("30 minutes", "30 minutes"),
    ("5 minutes", "5 minutes"),
    ("After copying a code", "Après la copie d'un code"),
    ("{} (copy)", "{} (copier)"),
    (
        "A token lets a 2FAuth client (browser extension, app, script) call the API as you.",
        "Un jeton permet à un client 2FAuth (extension de navigateur, application, script) d'appeler l'API en votre nom.",
    ),
    ("Account", "Compte"),
    ("Account saved", "Compte enregistré"),
    ("Accounts", "Comptes"),
    ("Add", "Ajouter"),
    ("Algorithm", "Algorithme"),
    ("All", "Tous"),
    (
        "Allow revealing dotted codes",
        "Permettre de révéler les codes masqués",
    ),
    ("Browser's language", "Langue du navigateur"),
    (
        "Clear the search after copying",
        "Vider la recherche après la copie",
    ),
    (
        "Close the code after copying it",
        "Fermer le code après l'avoir copié",
    ),
    ("Copied {}", "{} copié"),
    ("Copy", "Copier"),
    (
        "Copy a code as soon as it shows",
        "Copier un code dès qu'il s'affiche",
    ),
    (
        "Copy this token now: it will not be shown again.",
        "Copiez ce jeton maintenant : il ne sera plus affiché.",
    ),
    ("Counter", "Compteur"),
    ("Create", "Créer"),
    ("Create an account", "Créer un compte"),
    ("Create token", "Créer le jeton"),
    ("Create your Twofold account", "Créez votre compte Twofold"),
    ("Dark", "Sombre"),
    ("Delete", "Supprimer"),
    ("Delete group {}", "Supprimer le groupe {}"),
    (
        "Delete the group {}? Its accounts stay, without a group.",
        "Supprimer le groupe {} ? Ses comptes restent, sans groupe.",
    ),
    (
        "Delete this account? Its codes will be gone.",
        "Supprimer ce compte ? Ses codes seront perdus.",
    ),
    ("Digits", "Chiffres"),
    ("Edit", "Modifier"),
    ("Edit account", "Modifier le compte"),
    ("Edit {} {}", "Modifier {} {}"),
    ("Email", "E-mail"),
    ("Format codes", "Formater les codes"),
    ("Generate", "Générer"),
    ("Group", "Groupe"),
    ("Group digits by", "Grouper les chiffres par"),
    ("Group renamed {}", "Groupe renommé {}"),
    ("Group {} created", "Groupe {} créé"),
    ("Group {} deleted", "Groupe {} supprimé"),
    ("Groups", "Groupes"),
    ("Halves", "Moitiés"),
    ("Hide", "Masquer"),
    ("I already have an account", "J'ai déjà un compte"),
    ("Language", "Langue"),
    ("Light", "Clair"),
    (
        "Locked by the administrator",
        "Verrouillé par l'administrateur",
    ),
    ("Main", "Principal"),
    ("Name", "Nom"),
    ("Name of group {}", "Nom du groupe {}"),
    ("Never", "Jamais"),
    ("New group", "Nouveau groupe"),
    ("Next code", "Code suivant"),
    (
        "No account matches this search.",
        "Aucun compte ne correspond à cette recherche.",
    ),
    ("No group", "Aucun groupe"),
    ("Options", "Options"),
    ("Pairs", "Paires"),
    ("Password", "Mot de passe"),
    (
        "Password (8 characters or more)",
        "Mot de passe (8 caractères ou plus)",
    ),
    ("Period (seconds)", "Période (secondes)"),
    ("Personal access tokens", "Jetons d'accès personnels"),
    (
        "QR code of this account, to scan with another app",
        "QR code de ce compte, à scanner avec une autre application",
    ),
    ("Register", "S'inscrire"),
    ("Rename", "Renommer"),
    ("Reveal", "Révéler"),
    ("Revoke", "Révoquer"),
    ("Save", "Enregistrer"),
    ("Search", "Rechercher"),
    ("Seconds left", "Secondes restantes"),
    ("Secret (base32)", "Secret (base32)"),
    ("Service", "Service"),
    ("Service or account", "Service ou compte"),
    ("Show QR code", "Afficher le QR code"),
    ("Show codes as dots", "Masquer les codes par des points"),
    ("Show icons", "Afficher les icônes"),
    ("Show the next code", "Afficher le code suivant"),
    ("Sign in", "Se connecter"),
    ("Sign in to Twofold", "Connexion à Twofold"),
    ("Sign out", "Se déconnecter"),
    ("Sign out after inactivity", "Déconnexion après inactivité"),
    ("System", "Système"),
    (
        "The server cannot be reached.",
        "Le serveur est injoignable.",
    ),
    ("Test", "Tester"),
    ("Theme", "Thème"),
    ("Token name", "Nom du jeton"),
    ("Tokens", "Jetons"),
    ("Trios", "Trios"),
    ("Type", "Type"),
    ("expires {}", "expire le {}"),
    ("{}: saved", "{} : enregistré"),
    ("General", "Général"),
    ("Time zone", "Fuseau horaire"),
    (
        "Show my e-mail in the footer",
        "Afficher mon e-mail en pied de page",
    ),
    ("Quick links in the footer", "Liens rapides en pied de page"),
    ("Quick links", "Liens rapides"),
    ("Accounts list", "Liste des comptes"),
    (
        "Sort with case and accents",
        "Trier selon la casse et les accents",
    ),
    ("Codes", "Codes"),
    ("Icons", "Icônes"),
    ("New accounts go to", "Les nouveaux comptes vont dans"),
    ("The group shown", "Le groupe affiché"),
    (
        "Only this variant (no fallback to regular)",
        "Cette variante seulement (sans repli sur la normale)",
    ),
    ("Adding accounts", "Ajout de comptes"),
    (
        "Basic QR reader (a photo instead of the live camera)",
        "Lecteur QR simple (une photo plutôt que la caméra en direct)",
    ),
    ("Security", "Sécurité"),
    ("expired", "expiré"),
    ("Diagnostics", "Diagnostic"),
    ("Instance", "Instance"),
    ("Application settings", "Réglages de l'application"),
    ("My preferences", "Mes préférences"),
    ("Copy the diagnostics", "Copier le diagnostic"),
    ("Copied", "Copié"),
    (
        "Keep an encrypted copy on this device for offline use",
        "Garder une copie chiffrée sur cet appareil pour un usage hors ligne",
    ),
    ("Offline", "Hors ligne"),
    (
        "This device keeps no offline copy of your accounts (it is offered when you sign in).",
        "Cet appareil ne garde aucune copie hors ligne de vos comptes (elle est proposée à la connexion).",
    ),
    (
        "Your account's password, to open this device's copy of {}",
        "Le mot de passe de votre compte, pour ouvrir la copie de cet appareil du {}",
    ),
    (
        "This password does not open the offline copy.",
        "Ce mot de passe n'ouvre pas la copie hors ligne.",
    ),
    (
        "Offline: this device's copy, codes computed here. Changes wait for the server.",
        "Hors ligne : la copie de cet appareil, codes calculés ici. Les modifications attendent le serveur.",
    ),
    ("{} cannot be read", "{} ne peut pas être lu"),
    ("No QR code found in {}", "Aucun code QR trouvé dans {}"),
    (
        "Or images of its QR codes, several at once.",
        "Ou les images de ses codes QR, plusieurs à la fois.",
    ),
    ("Backups", "Sauvegardes"),
    (
        "Your accounts, encrypted with a password of your choice as an Aegis vault: it opens in Aegis and in Twofold's import.",
        "Vos comptes, chiffrés avec un mot de passe de votre choix dans un coffre Aegis : il s'ouvre dans Aegis et dans l'import de Twofold.",
    ),
    ("Back up automatically", "Sauvegarder automatiquement"),
    ("Schedule", "Fréquence"),
    ("Every day", "Chaque jour"),
    ("Every week", "Chaque semaine"),
    ("Backups kept", "Sauvegardes conservées"),
    ("Destination", "Destination"),
    ("S3-compatible storage", "Stockage compatible S3"),
    ("This instance's storage", "Le stockage de cette instance"),
    ("Folder URL", "URL du dossier"),
    ("User name", "Nom d'utilisateur"),
    ("Endpoint", "Point d'accès"),
    ("Region", "Région"),
    ("Bucket", "Bucket"),
    ("Access key id", "Identifiant de clé d'accès"),
    ("Secret key", "Clé secrète"),
    (
        "A password or key is stored: leave it empty to keep it.",
        "Un mot de passe ou une clé est enregistré : laissez vide pour le garder.",
    ),
    ("Backup password", "Mot de passe des sauvegardes"),
    (
        "Leave it empty to keep the current one; a new one applies to the backups made from now on.",
        "Laissez vide pour garder l'actuel ; un nouveau s'applique aux sauvegardes faites désormais.",
    ),
    (
        "You will need it to restore a backup: it cannot be recovered.",
        "Il vous faudra pour restaurer une sauvegarde : il ne peut pas être retrouvé.",
    ),
    ("Last backup: {}, {}", "Dernière sauvegarde : {}, {}"),
    (
        "Last backup failed ({}): {}",
        "La dernière sauvegarde a échoué ({}) : {}",
    ),
    ("No backup yet.", "Aucune sauvegarde pour l'instant."),
    ("Back up now", "Sauvegarder maintenant"),
    ("Stop backups", "Arrêter les sauvegardes"),
    ("Automatic backups", "Sauvegardes automatiques"),
    ("Done", "Fait"),
    ("Backups stopped", "Sauvegardes arrêtées"),
];

/// The counted texts, each `(English one, English other, French one, French other)`; [`plural`]
/// finds a row by its English plural and replaces `{}` with the count.
#[rustfmt::skip]
const PLURALS: &[[&str; 4]] = &[
    ["{} account", "{} accounts", "{} compte", "{} comptes"],
    ["{} moved", "{} moved", "{} déplacé", "{} déplacés"],
    ["{} deleted", "{} deleted", "{} supprimé", "{} supprimés"],
    ["{} selected", "{} selected", "{} sélectionné", "{} sélectionnés"],
    ["{} withdrawn from its group", "{} withdrawn from their group", "{} retiré de son groupe", "{} retirés de leur groupe"],
    ["Import {} selected", "Import {} selected", "Importer {} sélectionné", "Importer {} sélectionnés"],
    ["{} imported", "{} imported", "{} importé", "{} importés"],
    ["{} failed", "{} failed", "{} en échec", "{} en échec"],
    ["Delete {} account? Its codes will be gone.", "Delete {} accounts? Their codes will be gone.", "Supprimer {} compte ? Ses codes seront perdus.", "Supprimer {} comptes ? Leurs codes seront perdus."],
    ["expires in {} day", "expires in {} days", "expire dans {} jour", "expire dans {} jours"],
];

/// Which form of [`PLURALS`] a count takes: English says "1 account", French "0 compte" and
/// "1 compte" (its singular covers 0 and 1).
fn form(count: i64, french: bool) -> usize {
    let singular = if french {
        count.abs() <= 1
    } else {
        count.abs() == 1
    };
    usize::from(french) * 2 + usize::from(!singular)
}

/// A counted text in the user's language, with the count in place of `{}`; `english` is the
/// English plural of a row of [`PLURALS`] (shown as is when none has it).
pub fn plural(english: &'static str, count: impl Into<i64>) -> String {
    let count = count.into();
    let forms = PLURALS.iter().find(|row| row[1] == english);
    let text = forms.map_or(english, |row| {
        row[form(count, FRENCH.load(Ordering::Relaxed))]
    });
    text.replacen("{}", &count.to_string(), 1)
}

/// Marks a string of a table that is translated when shown (with [`tr`]); lets the tests find it.
pub const fn en(english: &'static str) -> &'static str {
    english
}

/// The string in the user's language.
pub fn tr(english: &'static str) -> &'static str {
    if !FRENCH.load(Ordering::Relaxed) {
        return english;
    }
    FR.iter()
        .find(|(en, _)| *en == english)
        .map_or(english, |(_, fr)| fr)
}

/// [`tr`], then each `{}` replaced by the next value.
pub fn trf(english: &'static str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut parts = tr(english).split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(values.get(i).copied().unwrap_or_default());
        out.push_str(part);
    }
    out
}

/// A date from the API (`2024-05-02T06:32:00.000000Z`) as the user reads it: in their language
/// and time zone (`timezone` preference, or the device's when empty); the text unchanged when it
/// is not a date.
pub fn date_time(iso: &str, zone: &str) -> String {
    let date = js_sys::Date::new(&iso.into());
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
        ("timeZone", zone),
    ] {
        // No zone: the device's own.
        if !value.is_empty() {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
    }
    let language = if FRENCH.load(Ordering::Relaxed) {
        "fr"
    } else {
        "en"
    };
    // Called through `Function.call`, which catches the RangeError of an unknown zone.
    js_sys::Reflect::get(&date, &"toLocaleString".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(&date, &language.into(), &options).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// Whether French applies for a `lang` preference and the browser's language.
fn is_french(preference: &str, browser: &str) -> bool {
    match preference {
        "browser" | "" => browser.to_ascii_lowercase().starts_with("fr"),
        other => other.starts_with("fr"),
    }
}

fn browser_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Chooses the language at start-up, from the remembered preference or the browser, and tells
/// the page (`<html lang>`).
pub fn init() {
    let preference = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .unwrap_or_default();
    let french = is_french(&preference, &browser_language());
    FRENCH.store(french, Ordering::Relaxed);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", if french { "fr" } else { "en" });
    }
}

/// Takes the user's `lang` preference into account: remembered, and the app reloads when it
/// changes the language shown.
pub fn follow_preference(preference: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, preference);
    }
    if is_french(preference, &browser_language()) != FRENCH.load(Ordering::Relaxed)
        && let Some(w) = web_sys::window()
    {
        let _ = w.location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal given to `tr`, `trf` or `en` in the app, read from the sources, and the
    /// files of core's import table, which the import screen translates.
    fn used_strings() -> Vec<String> {
        let mut used = literals_after(&["tr(", "trf(", "en("]);
        let sources = twofold_core::import_sources::SOURCES.iter();
        used.extend(sources.map(|s| String::from(s.file)));
        used
    }

    /// The first literal given to each call of `markers` in the app's sources.
    fn literals_after(markers: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            // The app's code only, not its tests (this one names the markers).
            let text = source.split("#[cfg(test)]").next().unwrap();
            for marker in markers {
                for (at, _) in text.match_indices(marker) {
                    let word_start =
                        !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    let rest = text[at + marker.len()..].trim_start();
                    if let (true, Some(rest)) = (word_start, rest.strip_prefix('"')) {
                        found.push(rest[..rest.find('"').unwrap()].to_string());
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_string_of_the_app_has_its_french() {
        let missing: Vec<_> = used_strings()
            .into_iter()
            .filter(|s| !FR.iter().any(|(en, _)| en == s))
            .collect();
        assert!(missing.is_empty(), "no French for {missing:?}");
    }

    #[test]
    fn every_french_string_is_used_once_listed_once() {
        let used = used_strings();
        for (i, (en, fr)) in FR.iter().enumerate() {
            assert!(used.iter().any(|u| u == en), "unused: {en}");
            assert!(FR[..i].iter().all(|(e, _)| e != en), "twice: {en}");
            assert_eq!(en.matches("{}").count(), fr.matches("{}").count(), "{en}");
        }
    }

    #[test]
    fn every_counted_text_has_its_forms_and_is_used() {
        let used = literals_after(&["plural("]);
        for u in &used {
            assert!(PLURALS.iter().any(|row| row[1] == u), "no forms for {u}");
        }
        for (i, row) in PLURALS.iter().enumerate() {
            assert!(used.iter().any(|u| u == row[1]), "unused: {}", row[1]);
            assert!(
                PLURALS[..i].iter().all(|r| r[1] != row[1]),
                "twice: {}",
                row[1]
            );
            assert!(
                row.iter().all(|t| t.matches("{}").count() == 1),
                "{}",
                row[1]
            );
            assert!(
                FR.iter().all(|(en, _)| !row.contains(en)),
                "also in FR: {}",
                row[1]
            );
        }
    }

    #[test]
    fn english_counts_one_as_singular_french_zero_and_one() {
        let (en_one, en_other, fr_one, fr_other) = (0, 1, 2, 3);
        assert_eq!(form(1, false), en_one);
        assert_eq!(form(0, false), en_other);
        assert_eq!(form(2, false), en_other);
        assert_eq!(form(0, true), fr_one);
        assert_eq!(form(1, true), fr_one);
        assert_eq!(form(2, true), fr_other);
        assert_eq!(plural("{} accounts", 1), "1 account");
        assert_eq!(plural("{} accounts", 3), "3 accounts");
        assert_eq!(plural("{} imported", 1), "1 imported");
    }

    #[test]
    fn language_follows_the_preference_then_the_browser() {
        assert!(is_french("browser", "fr-CA"));
        assert!(!is_french("browser", "en-GB"));
        assert!(!is_french("", ""));
        assert!(is_french("fr", "en-US"));
        assert!(!is_french("en", "fr-FR"));
    }

    #[test]
    fn values_fill_the_placeholders_in_order() {
        assert_eq!(trf("Edit {} {}", &["GitHub", "me"]), "Edit GitHub me");
        assert_eq!(trf("Copied {}", &[]), "Copied ");
    }
}
